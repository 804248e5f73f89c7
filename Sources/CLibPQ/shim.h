#ifndef IDXSCOPE_CLIBPQ_SHIM_H
#define IDXSCOPE_CLIBPQ_SHIM_H
#include <postgresql/libpq-fe.h>

// PG_DIAG_SQLSTATE lives in postgres_ext.h as a macro character constant.
static inline int idxscope_pg_diag_sqlstate(void) { return PG_DIAG_SQLSTATE; }
#endif

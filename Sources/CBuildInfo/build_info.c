// The commit a build was made from, for --version. `make release`/`make install` write
// build_commit.h (#define IDXSCOPE_COMMIT "abc1234", not in git) and touch this file so it is
// recompiled; a plain `swift build` without the header says the commit is unknown.
#include "build_info.h"
#if __has_include("build_commit.h")
#include "build_commit.h"
#endif
#ifndef IDXSCOPE_COMMIT
#define IDXSCOPE_COMMIT ""
#endif

const char *idxscope_build_commit(void) { return IDXSCOPE_COMMIT; }

#ifndef IDXSCOPE_BUILD_INFO_H
#define IDXSCOPE_BUILD_INFO_H
/// The commit this binary was built from ("" when built without make).
const char *idxscope_build_commit(void);
#endif

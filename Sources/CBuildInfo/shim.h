// The commit a build was made from: `make release` / `make install` pass
// -Xcc -DIDXSCOPE_COMMIT='"abc1234"'; a plain `swift build` leaves it empty.
#ifndef IDXSCOPE_COMMIT
#define IDXSCOPE_COMMIT ""
#endif
static inline const char *idxscope_build_commit(void) { return IDXSCOPE_COMMIT; }

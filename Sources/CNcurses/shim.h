#ifndef IDXSCOPE_CNCURSES_SHIM_H
#define IDXSCOPE_CNCURSES_SHIM_H
#define NCURSES_WIDECHAR 1
#define _XOPEN_SOURCE_EXTENDED 1
#include <locale.h>
#include <langinfo.h>
#include <ncursesw/curses.h>

// Macros and globals Swift cannot import (or, in Swift 6 mode, refuses as shared mutable state).
static inline unsigned int idxscope_a_bold(void) { return A_BOLD; }
static inline unsigned int idxscope_a_reverse(void) { return A_REVERSE; }
static inline unsigned int idxscope_a_dim(void) { return A_DIM; }
static inline unsigned int idxscope_a_underline(void) { return A_UNDERLINE; }
static inline unsigned int idxscope_a_normal(void) { return A_NORMAL; }
static inline int idxscope_key_f(int n) { return KEY_F(n); }
static inline WINDOW *idxscope_stdscr(void) { return stdscr; }
static inline int idxscope_colors(void) { return COLORS; }
static inline int idxscope_color_pairs(void) { return COLOR_PAIRS; }

// Wide-character input, terminal setup and attribute helpers (macros or FILE* globals in C).
static inline int idxscope_get_wch(unsigned int *out) { wint_t ch = 0; int rc = wget_wch(stdscr, &ch); *out = (unsigned int)ch; return rc; }
static inline void idxscope_timeout(int ms) { wtimeout(stdscr, ms); }
static inline SCREEN *idxscope_newterm(const char *term) { return newterm(term, stdout, stdin); }
static inline void idxscope_keypad(bool on) { keypad(stdscr, on); }
static inline void idxscope_attr_set(unsigned int attrs, short pair) { attr_set((attr_t)attrs, pair, NULL); }
static inline int idxscope_key_code_yes(void) { return KEY_CODE_YES; }
static inline const char *idxscope_codeset(void) { return nl_langinfo(CODESET); }

// Bracketed paste: the terminal wraps pasted text in ESC[200~ … ESC[201~ once the program sends
// ESC[?2004h. Defining the two sequences as keys makes ncurses report them as single codes.
static inline int idxscope_paste_start_code(void) { return KEY_MAX + 0x300; }
static inline int idxscope_paste_end_code(void) { return KEY_MAX + 0x301; }
static inline void idxscope_define_paste_keys(void) {
    define_key("\033[200~", idxscope_paste_start_code());
    define_key("\033[201~", idxscope_paste_end_code());
}
// Writes straight to the terminal through the FILE ncurses uses (keeps the order of output).
static inline void idxscope_write_terminal(const char *text) { fputs(text, stdout); fflush(stdout); }
// Mouse (htop, pspg): presses of the first button and the wheel, reported at once (no click
// interval). idxscope_read_mouse returns 1 for a press, 4 wheel up, 5 wheel down, 0 otherwise.
static inline int idxscope_key_mouse(void) { return KEY_MOUSE; }
static inline void idxscope_enable_mouse(void) {
    mousemask(BUTTON1_PRESSED | BUTTON4_PRESSED | BUTTON5_PRESSED, NULL);
    mouseinterval(0);
}
static inline int idxscope_read_mouse(int *x, int *y) {
    MEVENT event;
    if (getmouse(&event) != OK) return 0;
    *x = event.x;
    *y = event.y;
    if (event.bstate & BUTTON1_PRESSED) return 1;
    if (event.bstate & BUTTON4_PRESSED) return 4;
    if (event.bstate & BUTTON5_PRESSED) return 5;
    return 0;
}
// Ctrl-L: the next refresh redraws every cell, whatever the terminal shows now.
static inline void idxscope_clear_on_next_refresh(void) { clearok(stdscr, TRUE); }
#endif

#ifndef CONVLAB_CNCURSESW_SHIM_H
#define CONVLAB_CNCURSESW_SHIM_H

// SwiftPM drops the -D flags of ncursesw.pc, so the wide-character API
// (wget_wch, cchar_t) must be switched on here.
#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif

#include <locale.h>
#include <ncursesw/curses.h>

// Macros built with casts and the global WINDOW pointers are not importable
// (or not concurrency-safe) in Swift 6: reach them through these getters.
static inline attr_t convlab_attr_bold(void) { return A_BOLD; }
static inline attr_t convlab_attr_reverse(void) { return A_REVERSE; }
static inline attr_t convlab_attr_dim(void) { return A_DIM; }
static inline attr_t convlab_attr_underline(void) { return A_UNDERLINE; }
static inline int convlab_color_pair(short pair) { return COLOR_PAIR(pair); }
static inline int convlab_lines(void) { return LINES; }
static inline int convlab_cols(void) { return COLS; }
static inline int convlab_colors(void) { return COLORS; }
static inline int convlab_max_y(WINDOW *window) { return getmaxy(window); }
static inline int convlab_max_x(WINDOW *window) { return getmaxx(window); }
static inline int convlab_key_f(int n) { return KEY_F(n); }
static inline mmask_t convlab_wheel_up(void) { return BUTTON4_PRESSED; }
static inline mmask_t convlab_wheel_down(void) {
#ifdef BUTTON5_PRESSED
  return BUTTON5_PRESSED;
#else
  return 0;
#endif
}
static inline mmask_t convlab_button1_clicked(void) { return BUTTON1_CLICKED | BUTTON1_PRESSED; }

#endif

import CNCursesW
import Testing

#if canImport(Glibc)
  import Glibc
#endif

@testable import TerminalUI

@Suite("ncurses is linked")
struct CursesTests {
  @Test func reportsTheLibrary() {
    #expect(Curses.libraryVersion.hasPrefix("ncurses "))
  }

  /// The notebook draws `●`, `∘` and box lines as one cell each. The wide-character library
  /// does; the narrow one advances a cell per UTF-8 byte and cannot read a character back.
  @Test func drawsAWideCharacterInOneCell() throws {
    setlocale(LC_ALL, "C.UTF-8")
    let output = try #require(fopen("/dev/null", "w")), input = try #require(fopen("/dev/null", "r"))
    defer {
      fclose(output)
      fclose(input)
    }
    let screen = try #require(newterm("xterm", output, input), "a screen on /dev/null")
    defer {
      endwin()
      delscreen(screen)
    }
    let pad = try #require(newpad(1, 10))
    defer { delwin(pad) }
    waddstr(pad, "●∘x")
    #expect(getcurx(pad) == 3, "three characters, three cells")
    var cell = cchar_t()
    #expect(mvwin_wch(pad, 0, 1, &cell) == OK)
    var characters = [wchar_t](repeating: 0, count: 8)
    var attributes: attr_t = 0
    var pair: Int16 = 0
    getcchar(&cell, &characters, &attributes, &pair, nil)
    #expect(characters[0] == 0x2218, "the cell holds ∘ (U+2218)")
  }
}

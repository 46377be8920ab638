import Testing

@testable import TerminalUI

@Suite("ncurses is linked")
struct CursesTests {
  @Test func reportsTheWideCharacterLibrary() {
    #expect(Curses.libraryVersion.hasPrefix("ncurses "))
  }
}

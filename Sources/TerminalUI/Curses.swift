import CNCursesW

#if canImport(Glibc)
  import Glibc
#endif

/// The curses library convlab's notebook draws with.
public enum Curses {
  /// The linked library's version, e.g. `ncurses 6.4.20221231`.
  public static var libraryVersion: String {
    guard let text = curses_version() else { return "unknown" }
    return String(cString: text)
  }

  /// Why the notebook cannot draw on this terminal (TERM unset, `dumb`, or unknown to
  /// ncurses), nil when it can. Asked before curses starts, which would otherwise print
  /// "Error opening terminal" and exit.
  public static var terminalProblem: String? {
    let term = getenv("TERM").map { String(cString: $0) } ?? ""
    if term.isEmpty { return "TERM is not set" }
    if term == "dumb" { return "TERM=dumb cannot show the full-screen notebook" }
    guard let output = fopen("/dev/null", "w"), let input = fopen("/dev/null", "r") else { return nil }
    defer {
      fclose(output)
      fclose(input)
    }
    guard let screen = newterm(term, output, input) else { return "ncurses does not know the terminal \(term)" }
    endwin()
    delscreen(screen)
    return nil
  }
}

import CNCursesW

/// The curses library convlab's notebook draws with.
public enum Curses {
  /// The linked library's version, e.g. `ncurses 6.4.20221231`.
  public static var libraryVersion: String {
    guard let text = curses_version() else { return "unknown" }
    return String(cString: text)
  }
}

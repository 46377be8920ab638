/// Where convlab keeps history and session journals: `$XDG_STATE_HOME/convlab`, or
/// `~/.local/state/convlab` when that variable is unset or not absolute (XDG Base
/// Directory Specification).
public enum StateDirectory {
  public static func path(environment: [String: String]) -> String {
    if let state = environment["XDG_STATE_HOME"], state.hasPrefix("/") {
      return state + "/convlab"
    }
    let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
    return home + "/.local/state/convlab"
  }
}

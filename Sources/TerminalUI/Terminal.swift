import CNCursesW
import Notebook

#if canImport(Glibc)
  import Glibc
#endif

/// The curses screen: set-up, tear-down that always runs, keys, and clipped drawing.
final class Terminal {
  let window: UnsafeMutablePointer<WINDOW>
  let hasColor: Bool

  enum Color: Int16 {
    case prompt = 1, error, string, number, name, dim, selection, accent
    case heat1, heat2, heat3, heat4  // heatmap shading levels, cool to hot
    case menu  // the completion menu's rows
  }

  /// Starts curses on the terminal. The locale is set first so UTF-8 works.
  init() {
    if setlocale(LC_ALL, "") == nil || !Terminal.localeIsUTF8() { setlocale(LC_ALL, "C.UTF-8") }
    Terminal.installRestoringSignalHandlers()
    window = initscr()
    raw()
    noecho()
    nonl()
    keypad(window, true)
    set_escdelay(25)
    wtimeout(window, 40)
    curs_set(1)
    mousemask(convlab_wheel_up() | convlab_wheel_down() | convlab_button1_clicked(), nil)
    Terminal.write("\u{1B}[?2004h")  // bracketed paste: a paste arrives as one key
    mouseinterval(0)
    hasColor = has_colors()
    if hasColor {
      start_color()
      use_default_colors()
      init_pair(Color.prompt.rawValue, Int16(COLOR_CYAN), -1)
      init_pair(Color.error.rawValue, Int16(COLOR_RED), -1)
      init_pair(Color.string.rawValue, Int16(COLOR_GREEN), -1)
      init_pair(Color.number.rawValue, Int16(COLOR_MAGENTA), -1)
      init_pair(Color.name.rawValue, Int16(COLOR_YELLOW), -1)
      init_pair(Color.dim.rawValue, convlab_colors() >= 256 ? 244 : Int16(COLOR_BLUE), -1)
      init_pair(Color.selection.rawValue, Int16(COLOR_BLACK), Int16(COLOR_CYAN))
      init_pair(Color.accent.rawValue, Int16(COLOR_BLUE), -1)
      // A viridis-like ramp on 256-colour terminals; the 8 basic colours otherwise.
      let ramp: [Int16] = convlab_colors() >= 256 ? [61, 37, 78, 220] : [Int16(COLOR_BLUE), Int16(COLOR_CYAN), Int16(COLOR_GREEN), Int16(COLOR_YELLOW)]
      for (offset, color) in ramp.enumerated() { init_pair(Color.heat1.rawValue + Int16(offset), color, -1) }
      init_pair(Color.menu.rawValue, Int16(COLOR_BLACK), Int16(COLOR_WHITE))
    }
  }

  /// Restores the terminal (idempotent).
  static func restore() {
    if isendwin() == false {
      write("\u{1B}[?2004l")
      endwin()
    }
  }

  /// Bytes straight to the terminal, past curses (modes it does not know).
  private static func write(_ text: String) {
    let bytes = Array(text.utf8)
    bytes.withUnsafeBytes { _ = Glibc.write(STDOUT_FILENO, $0.baseAddress!, $0.count) }
  }

  private static func localeIsUTF8() -> Bool {
    guard let codeset = nl_langinfo(nl_item(CODESET)) else { return false }
    let name = String(cString: codeset).lowercased()
    return name == "utf-8" || name == "utf8"
  }

  /// SIGTERM, SIGHUP and fatal signals restore the terminal before the process ends.
  private static func installRestoringSignalHandlers() {
    for signal in [SIGTERM, SIGHUP, SIGINT, SIGQUIT, SIGSEGV, SIGBUS, SIGILL, SIGABRT, SIGTRAP, SIGFPE] {
      Glibc.signal(signal) { number in
        endwin()
        Glibc.signal(number, SIG_DFL)
        raise(number)
      }
    }
  }

  var size: (rows: Int, columns: Int) { (Int(convlab_max_y(window)), Int(convlab_max_x(window))) }

  /// The next key, or nil when none arrived within the poll interval.
  func readKey() -> Key? {
    var code: wint_t = 0
    let status = wget_wch(window, &code)
    if status == ERR { return nil }
    if status == KEY_CODE_YES { return key(Int32(code)) }
    let value = UInt32(code)
    switch value {
    case 27:  // Escape, or Alt as an Escape prefix
      wtimeout(window, 25)
      defer { wtimeout(window, 40) }
      var next: wint_t = 0
      let nextStatus = wget_wch(window, &next)
      if nextStatus == ERR { return .escape }
      if nextStatus == KEY_CODE_YES {
        switch Int32(next) {
        case KEY_UP: return .altUp
        case KEY_DOWN: return .altDown
        default: return key(Int32(next))
        }
      }
      if next == 13 || next == 10 { return .altEnter }
      if next == UInt32(UInt8(ascii: "[")) { return controlSequence() }
      if next == UInt32(UInt8(ascii: "O")) {
        // SS3 keys (application cursor mode) curses did not decode.
        var final: wint_t = 0
        guard wget_wch(window, &final) != ERR else { return .alt("O") }
        switch Unicode.Scalar(UInt32(final)).map(Character.init) {
        case "A": return .up
        case "B": return .down
        case "C": return .right
        case "D": return .left
        case "H": return .home
        case "F": return .end
        default: return .escape
        }
      }
      return Unicode.Scalar(UInt32(next)).map { .alt(Character($0)) } ?? .escape
    case 9: return .tab
    case 10, 13: return .enter
    case 127, 8: return .backspace
    case 1...26: return .control(Character(Unicode.Scalar(value + 96)!))
    default:
      return Unicode.Scalar(value).map { .character(Character($0)) }
    }
  }

  /// After `ESC [`, a sequence curses did not decode: a bracketed paste (`200~` … `ESC [201~`)
  /// becomes one key holding the text, however long; anything else is dropped as Escape.
  private func controlSequence() -> Key {
    var parameters = ""
    while parameters.count < 8 {
      var code: wint_t = 0
      guard wget_wch(window, &code) != ERR, let scalar = Unicode.Scalar(UInt32(code)) else { return .escape }
      parameters.unicodeScalars.append(scalar)
      if (0x40...0x7E).contains(scalar.value) { break }
    }
    // Keys a terminfo entry may not list (tmux and screen send these for Home and End).
    switch parameters {
    case "1~", "7~", "H": return .home
    case "4~", "8~", "F": return .end
    case "3~": return .delete
    case "5~": return .pageUp
    case "6~": return .pageDown
    case "Z": return .backTab
    case "1;2D": return .shiftLeft
    case "1;2C": return .shiftRight
    case "1;3A": return .altUp
    case "1;3B": return .altDown
    default: break
    }
    guard parameters == "200~" else { return .escape }
    var pasted: [Unicode.Scalar] = []
    let end: [Unicode.Scalar] = ["\u{1B}", "[", "2", "0", "1", "~"]
    wtimeout(window, 200)  // a paste arrives at once; a lost end marker must not hang the UI
    defer { wtimeout(window, 40) }
    while true {
      var code: wint_t = 0
      guard wget_wch(window, &code) != ERR, let scalar = Unicode.Scalar(UInt32(code)) else { break }
      pasted.append(scalar)
      if pasted.count >= end.count && Array(pasted.suffix(end.count)) == end {
        pasted.removeLast(end.count)
        break
      }
    }
    var text = ""
    text.unicodeScalars.append(contentsOf: pasted.map { $0 == "\r" ? "\n" : $0 })
    return .paste(text)
  }

  private func key(_ code: Int32) -> Key? {
    switch code {
    case KEY_UP: return .up
    case KEY_DOWN: return .down
    case KEY_LEFT: return .left
    case KEY_RIGHT: return .right
    case KEY_HOME: return .home
    case KEY_END: return .end
    case KEY_BTAB: return .backTab
    case KEY_SLEFT: return .shiftLeft
    case KEY_SRIGHT: return .shiftRight
    case KEY_PPAGE: return .pageUp
    case KEY_NPAGE: return .pageDown
    case KEY_BACKSPACE: return .backspace
    case KEY_DC: return .delete
    case KEY_ENTER: return .enter
    case KEY_RESIZE: return .resize
    case KEY_MOUSE:
      var event = MEVENT()
      guard getmouse(&event) == OK else { return nil }
      if event.bstate & convlab_wheel_up() != 0 { return .wheelUp }
      if convlab_wheel_down() != 0 && event.bstate & convlab_wheel_down() != 0 { return .wheelDown }
      if event.bstate & convlab_button1_clicked() != 0 { return .click(row: Int(event.y), column: Int(event.x)) }
      return nil
    default:
      for n in 1...12 where code == convlab_key_f(Int32(n)) { return .function(n) }
      // Modified keys have terminal-specific codes; ncurses names them (kUP3 is Alt-Up).
      guard let name = keyname(code).map({ String(cString: $0) }) else { return nil }
      switch name {
      case "kUP3": return .altUp
      case "kDN3": return .altDown
      case "kHOM5": return .ctrlHome
      case "kEND5": return .ctrlEnd
      default: return nil
      }
    }
  }

  // MARK: - Drawing

  func clear() { werase(window) }

  /// Writes `text` at (row, column), clipped to `width` display columns.
  func put(_ row: Int, _ column: Int, _ text: String, width: Int, color: Color? = nil, bold: Bool = false, reverse: Bool = false) {
    guard width > 0, row >= 0 else { return }
    var attributes: attr_t = 0
    if let color, hasColor { attributes |= attr_t(UInt32(bitPattern: convlab_color_pair(color.rawValue))) }
    if bold { attributes |= convlab_attr_bold() }
    if reverse { attributes |= convlab_attr_reverse() }
    if color == .dim && !hasColor { attributes |= convlab_attr_dim() }
    if color == .selection && !hasColor { attributes |= convlab_attr_reverse() }
    let clipped = clip(text, width)
    wmove(window, Int32(row), Int32(column))
    if attributes != 0 { wattr_on(window, attributes, nil) }
    waddstr(window, clipped)
    if attributes != 0 { wattr_off(window, attributes, nil) }
  }

  func moveCursor(_ row: Int, _ column: Int) { wmove(window, Int32(row), Int32(column)) }

  func refresh() { wrefresh(window) }

  func hardRedraw() { clearok(window, true) }

  private func clip(_ text: String, _ width: Int) -> String {
    var used = 0
    var result = ""
    for character in text {
      let characterWidth = character == "\t" ? 1 : max(0, displayWidth(character))
      if used + characterWidth > width { break }
      used += characterWidth
      result.append(character == "\t" ? " " : character)
    }
    return result
  }
}

import Notebook

/// Keys from the bytes a terminal sends in raw mode (the plain REPL reads them without
/// curses): UTF-8 characters, control keys, and the escape sequences of xterm and the VT100
/// for arrows, Home/End, Delete, Alt-letter, and bracketed paste (`ESC [200~ … ESC [201~`).
struct KeyDecoder {
  /// The next byte, or nil at the end of input; `waiting` is false for a byte that must come
  /// at once (the rest of an escape sequence), so a lone Escape is not held up.
  let next: (_ waiting: Bool) -> UInt8?

  /// The next key; nil at the end of input.
  func key() -> Key? {
    guard let byte = next(true) else { return nil }
    switch byte {
    case 0x1B: return escape()
    case 0x09: return .tab
    case 0x0D, 0x0A: return .enter
    case 0x7F, 0x08: return .backspace
    case 0x01...0x1A: return .control(Character(Unicode.Scalar(byte + 0x60)))
    default: return .character(character(startingWith: byte))
    }
  }

  /// A UTF-8 character whose first byte is `lead` (U+FFFD when the bytes are not UTF-8).
  private func character(startingWith lead: UInt8) -> Character {
    let length = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1
    var bytes = [lead]
    while bytes.count < length, let more = next(false) { bytes.append(more) }
    return String(decoding: bytes, as: UTF8.self).first ?? "\u{FFFD}"
  }

  private func escape() -> Key {
    guard let byte = next(false) else { return .escape }
    switch byte {
    case UInt8(ascii: "["): return controlSequence()
    case UInt8(ascii: "O"):
      guard let final = next(false) else { return .escape }
      return cursorKey(final) ?? .escape
    case 0x0D, 0x0A: return .altEnter
    default: return .alt(character(startingWith: byte))
    }
  }

  private func cursorKey(_ final: UInt8) -> Key? {
    switch final {
    case UInt8(ascii: "A"): return .up
    case UInt8(ascii: "B"): return .down
    case UInt8(ascii: "C"): return .right
    case UInt8(ascii: "D"): return .left
    case UInt8(ascii: "H"): return .home
    case UInt8(ascii: "F"): return .end
    default: return nil
    }
  }

  /// `ESC [ params final`.
  private func controlSequence() -> Key {
    var parameters: [UInt8] = []
    while let byte = next(false) {
      if (0x40...0x7E).contains(byte) {
        let text = String(decoding: parameters, as: UTF8.self)
        if byte == UInt8(ascii: "~") {
          switch text {
          case "1", "7": return .home
          case "4", "8": return .end
          case "3": return .delete
          case "5": return .pageUp
          case "6": return .pageDown
          case "200": return .paste(pasted())
          default: return .escape
          }
        }
        // `1;3A` is Alt-↑ in xterm.
        if text == "1;3", byte == UInt8(ascii: "A") { return .altUp }
        if text == "1;3", byte == UInt8(ascii: "B") { return .altDown }
        if text.isEmpty, byte == UInt8(ascii: "Z") { return .backTab }
        return cursorKey(byte) ?? .escape
      }
      parameters.append(byte)
    }
    return .escape
  }

  /// The text of a bracketed paste, up to `ESC [201~`.
  private func pasted() -> String {
    let end = Array("\u{1B}[201~".utf8)
    var bytes: [UInt8] = []
    while let byte = next(true) {
      bytes.append(byte)
      if bytes.count >= end.count && Array(bytes.suffix(end.count)) == end {
        bytes.removeLast(end.count)
        break
      }
    }
    return String(decoding: bytes, as: UTF8.self).replacingCarriageReturns()
  }
}

extension String {
  /// Terminals send a pasted line break as CR.
  fileprivate func replacingCarriageReturns() -> String {
    String(map { $0 == "\r" || $0 == "\r\n" ? "\n" : $0 })
  }
}

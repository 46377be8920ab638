/// A key as the notebook reads it. The terminal layer maps its codes to these; the controller
/// acts on them, so it can be driven (and tested) without a terminal.
public enum Key: Sendable, Equatable {
  case character(Character)
  /// Ctrl-A is `.control("a")`.
  case control(Character)
  /// Alt (Meta) with a character: Alt-B is `.alt("b")`.
  case alt(Character)
  case up, down, left, right, home, end, pageUp, pageDown
  case backspace, delete, enter, tab, escape
  /// Shift-Tab.
  case backTab
  case altUp, altDown, altEnter, ctrlHome, ctrlEnd
  /// Shift-← and Shift-→: pan a wide picture.
  case shiftLeft, shiftRight
  case wheelUp, wheelDown
  /// F1 is `.function(1)`.
  case function(Int)
  case click(row: Int, column: Int)
  /// A bracketed paste: the text as it arrived.
  case paste(String)
  /// The terminal changed size.
  case resize
}

extension LineEditor.Action {
  /// The readline (Emacs) binding of `key`, nil for a key that does not edit: what the
  /// notebook's editor and the plain REPL's line reader both follow.
  public init?(key: Key) {
    switch key {
    case .character(let character): self = .insert(String(character))
    case .paste(let text): self = .insert(text)
    case .altEnter: self = .insert("\n")
    case .control("a"), .home: self = .lineStart
    case .control("e"), .end: self = .lineEnd
    case .control("b"), .left: self = .left
    case .control("f"), .right: self = .right
    case .control("k"): self = .killToLineEnd
    case .control("u"): self = .killToLineStart
    case .control("w"): self = .killWordBackward
    case .control("y"): self = .yank
    case .alt("b"): self = .wordLeft
    case .alt("f"): self = .wordRight
    case .alt("d"): self = .killWordForward
    case .backspace: self = .deleteBackward
    case .delete: self = .deleteForward
    default: return nil
    }
  }
}

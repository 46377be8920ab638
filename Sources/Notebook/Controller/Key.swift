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
  case altUp, altDown, altEnter, ctrlHome, ctrlEnd
  case wheelUp, wheelDown
  /// F1 is `.function(1)`.
  case function(Int)
  case click(row: Int, column: Int)
  /// A bracketed paste: the text as it arrived.
  case paste(String)
  /// The terminal changed size.
  case resize
}

import Foundation

/// `animate(…)` in the notebook: steps through the frames like the guide's GIFs. → and ← step,
/// Space plays and pauses (a frame every `interval` seconds, wrapping round), q or Escape leaves.
struct AnimationPlayer {
  let frames: [[String]]
  private(set) var index = 0
  private(set) var playing = false
  private var lastStep = Date()
  static let interval = 0.6

  init(frames: [[String]]) { self.frames = frames }

  enum Outcome { case stay, leave }

  mutating func handle(_ key: Terminal.Key) -> Outcome {
    switch key {
    case .named("right"), .character("l"), .character("n"):
      playing = false
      step(1)
    case .named("left"), .character("h"), .character("p"):
      playing = false
      step(-1)
    case .named("home"): index = 0
    case .named("end"): index = frames.count - 1
    case .character(" "):
      playing.toggle()
      lastStep = Date()
    case .character("q"), .named("escape"), .control("c"), .control("d"): return .leave
    default: break
    }
    return .stay
  }

  /// Advances a playing animation when its interval has passed; true when the frame changed.
  mutating func tick(now: Date = Date()) -> Bool {
    guard playing, now.timeIntervalSince(lastStep) >= Self.interval else { return false }
    lastStep = now
    step(1)
    return true
  }

  private mutating func step(_ delta: Int) {
    index = (index + delta + frames.count) % frames.count
  }

  var statusLine: String {
    " animate · frame \(index + 1) of \(frames.count) · \(playing ? "playing" : "paused") · ←/→ step  Space \(playing ? "pauses" : "plays")  q leaves"
  }
}

/// The colour of each character of a diagram grid row (`diagram`, `animate`): labels of the
/// cells the output reads stand out, padding and lines recede, crops and the target cell are
/// marked. A row is recognised by its 3-column index gutter followed by a box-drawing border.
enum DiagramColoring {
  static let borders: Set<Character> = ["│", "├", "┌", "└"]
  static let lines: Set<Character> = ["─", "│", "┌", "┐", "└", "┘", "├", "┤", "┬", "┴", "┼"]

  static func isGridRow(_ text: String) -> Bool {
    let characters = Array(text.prefix(4))
    guard characters.count == 4, borders.contains(characters[3]) else { return false }
    return characters[..<3].allSatisfy { $0 == " " || $0.isNumber }
  }

  /// A grid row, or the line of column indices above a grid.
  static func isGridLine(_ text: String) -> Bool {
    isGridRow(text) || (text.count > 4 && text.hasPrefix("    ") && text.allSatisfy { $0 == " " || $0.isNumber })
  }

  enum Style: Equatable { case plain, line, zero, cropped, target, label }

  static func styles(_ text: String) -> [Style] {
    let characters = Array(text)
    var styles = [Style](repeating: .plain, count: characters.count)
    for (i, character) in characters.enumerated() {
      switch character {
      case _ where lines.contains(character): styles[i] = .line
      case "·", "∘", "╌": styles[i] = .zero
      case "×": styles[i] = .cropped
      case "●": styles[i] = .target
      default: break
      }
    }
    // A label: a token right inside a cell (a line at most 3 columns away on both sides); row
    // indices sit further from the grid before them.
    var i = 0
    while i < characters.count {
      guard styles[i] == .plain, characters[i] != " " else {
        i += 1
        continue
      }
      var end = i
      while end < characters.count, styles[end] == .plain, characters[end] != " " { end += 1 }
      let left = characters[..<i].lastIndex { lines.contains($0) }
      let right = characters[end...].firstIndex { lines.contains($0) }
      if let left, let right, i - left <= 3, right - end <= 2 {
        for k in i..<end { styles[k] = .label }
      }
      i = end
    }
    return styles
  }
}

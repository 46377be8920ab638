import Layers
import Foundation
import Script

/// `animate(…)` in the notebook: steps through the frames like the guide's GIFs. → and ← step,
/// Space plays and pauses (a frame every `interval` seconds, wrapping round), q or Escape leaves.
/// With a live layer, the visualizer's sliders: k/K, s/S, d/D and o/O move the kernel size,
/// stride, dilation and output_padding down/up, p steps the padding, v shows the input's values
/// and the worked sum, and every frame and its arithmetic are drawn again; a change the layer
/// refuses is said on the status line.
public struct AnimationPlayer: Sendable, Equatable {
  public private(set) var frames: [[String]]
  /// How the frames' grid lines are coloured, by their text.
  public private(set) var styles: [String: [TextStyle]]
  public private(set) var live: LiveAnimation?
  /// Why the last slider move was refused, until the next key.
  public private(set) var refusal: String?
  public private(set) var index = 0
  public private(set) var playing = false
  /// Rows scrolled off the top, and columns off the left, of a frame taller or wider than the
  /// window (the direct view and the sum sit below the grids).
  public private(set) var scroll = 0
  public private(set) var pan = 0
  private var lastStep = Date()
  static let interval = 0.6

  public init(frames: [[String]], styles: [String: [TextStyle]] = [:], live: LiveAnimation? = nil) {
    self.frames = frames
    self.styles = styles
    self.live = live
  }

  public enum Outcome { case stay, leave }

  public mutating func handle(_ key: Key, page: Int = 10) -> Outcome {
    let lines = frames[index].reduce(0) { $0 + $1.split(separator: "\n", omittingEmptySubsequences: false).count }
    refusal = nil
    if case .character(let character) = key, let live, character == "v" || LiveAnimation.keys[character] != nil {
      let change = character == "v" ? live.togglingNumbers() : live.changing(LiveAnimation.keys[character]!.parameter, by: LiveAnimation.keys[character]!.delta)
      switch change {
      case .success(let next):
        guard let drawn = try? next.render(), !drawn.frames.isEmpty else {
          refusal = "that layer has nothing to draw"
          return .stay
        }
        self.live = next
        frames = drawn.frames
        styles = drawn.styles
        index = min(index, frames.count - 1)
      case .failure(let reason):
        refusal = reason.message
      }
      return .stay
    }
    switch key {
    case .down, .character("j"), .wheelDown: scroll = min(scroll + 1, max(0, lines - 1))
    case .up, .wheelUp: scroll = max(0, scroll - 1)
    case .pageDown: scroll = min(scroll + page, max(0, lines - 1))
    case .pageUp: scroll = max(0, scroll - page)
    case .character(">"): pan += 8
    case .character("<"): pan = max(0, pan - 8)
    case .right, .character("l"), .character("n"):
      playing = false
      step(1)
    case .left, .character("h"):
      playing = false
      step(-1)
    case .home: index = 0
    case .end: index = frames.count - 1
    case .character(" "):
      playing.toggle()
      lastStep = Date()
    case .character("q"), .escape, .control("c"), .control("d"): return .leave
    default: break
    }
    return .stay
  }

  /// Advances a playing animation when its interval has passed; true when the frame changed.
  public mutating func tick(now: Date = Date()) -> Bool {
    guard playing, now.timeIntervalSince(lastStep) >= Self.interval else { return false }
    lastStep = now
    step(1)
    return true
  }

  private mutating func step(_ delta: Int) {
    index = (index + delta + frames.count) % frames.count
  }

  public var statusLine: String {
    if let refusal { return " refused: \(refusal)" }
    let base = " frame \(index + 1)/\(frames.count) · \(playing ? "playing" : "paused") · ←→ step · Space \(playing ? "pause" : "play")"
    guard let live else { return base + " · ↑↓ PgUp PgDn < > scroll · q" }
    return base + " · \(live.settings) · kK sS dD oO p v · q"
  }
}


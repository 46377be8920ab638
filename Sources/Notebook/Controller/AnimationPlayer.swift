import Foundation

/// `animate(…)` in the notebook: steps through the frames like the guide's GIFs. → and ← step,
/// Space plays and pauses (a frame every `interval` seconds, wrapping round), q or Escape leaves.
public struct AnimationPlayer: Sendable, Equatable {
  public let frames: [[String]]
  public private(set) var index = 0
  public private(set) var playing = false
  private var lastStep = Date()
  static let interval = 0.6

  public init(frames: [[String]]) { self.frames = frames }

  public enum Outcome { case stay, leave }

  public mutating func handle(_ key: Key) -> Outcome {
    switch key {
    case .right, .character("l"), .character("n"):
      playing = false
      step(1)
    case .left, .character("h"), .character("p"):
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
    " animate · frame \(index + 1) of \(frames.count) · \(playing ? "playing" : "paused") · ←/→ step  Space \(playing ? "pauses" : "plays")  q leaves"
  }
}


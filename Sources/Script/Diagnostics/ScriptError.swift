import Layers
import Tensors

/// An error from parsing or running a statement, with the source range it is about. Only
/// front ends turn it into text (`rendered`); they tell the cases apart by case, never by
/// message.
public enum ScriptError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The statement does not parse; nothing ran.
  case syntax(String, at: SourceRange)
  /// Running it failed: the message in the field's words, and the typed error a library threw
  /// when one did.
  case runtime(String, cause: Cause?, at: SourceRange)
  /// Ctrl-C stopped it; the session is as it was before.
  case interrupted(at: SourceRange)

  public enum Kind: Sendable, Equatable { case syntax, runtime, interrupted }

  /// The typed error under a runtime error.
  public enum Cause: Sendable, Equatable {
    case shape(ShapeError)
    case argument(ArgumentError)
    case layerShape(LayerShapeError)
    case other(String)

    init(_ error: any Error) {
      switch error {
      case let error as ShapeError: self = .shape(error)
      case let error as ArgumentError: self = .argument(error)
      case let error as LayerShapeError: self = .layerShape(error)
      default: self = .other("\(error)")
      }
    }
  }

  public init(_ kind: Kind, _ message: String, at range: SourceRange, cause: (any Error)? = nil) {
    switch kind {
    case .syntax: self = .syntax(Self.capped(message), at: range)
    case .runtime: self = .runtime(Self.capped(message), cause: cause.map(Cause.init), at: range)
    case .interrupted: self = .interrupted(at: range)
    }
  }

  public var kind: Kind {
    switch self {
    case .syntax: return .syntax
    case .runtime: return .runtime
    case .interrupted: return .interrupted
    }
  }

  public var message: String {
    switch self {
    case .syntax(let message, _), .runtime(let message, _, _): return message
    case .interrupted: return "interrupted"
    }
  }

  public var range: SourceRange {
    switch self {
    case .syntax(_, let range), .runtime(_, _, let range), .interrupted(let range): return range
    }
  }

  public var isInterrupted: Bool { kind == .interrupted }

  /// Characters of a message shown at most: a value quoted in it (a 6,000-character string, a
  /// long name) is cut in the middle, saying how much.
  public static let maximumMessageLength = 400

  static func capped(_ message: String) -> String {
    guard message.count > maximumMessageLength else { return message }
    let head = message.prefix(maximumMessageLength * 2 / 3), tail = message.suffix(maximumMessageLength / 4)
    return "\(head) … (\(message.count - head.count - tail.count) characters left out) … \(tail)"
  }

  public var description: String { message }

  /// The line, a caret under the range, and the message.
  public func rendered(source: String) -> String {
    Diagnostic(message: message, range: range).rendered(source: source)
  }
}


import Kernels

/// Readers for the arguments every convolution front door shares, with Keras's rules.
extension BoundArguments {
  /// `'valid'`, `'same'` (any case), and `'causal'` where the layer allows it.
  func padding(allowCausal: Bool) throws(ArgumentError) -> PaddingRule {
    let allowed = allowCausal ? "'valid', 'same' or 'causal'" : "'valid' or 'same'"
    guard case .string(let text) = self["padding"] else {
      throw ArgumentError(layer: layer, argument: "padding", "must be \(allowed), received padding=\(self["padding"])")
    }
    switch text.lowercased() {
    case "valid": return .valid
    case "same": return .same
    case "causal" where allowCausal: return .causal
    default:
      let note = text.lowercased() == "causal" ? " (causal padding is only for Conv1D)" : ""
      throw ArgumentError(layer: layer, argument: "padding", "must be \(allowed), received padding='\(text)'\(note)")
    }
  }

  /// `data_format`, defaulting to the session's `image_data_format`.
  func dataFormat(default fallback: DataFormat) throws(ArgumentError) -> DataFormat {
    guard let text = try string("data_format") else { return fallback }
    guard let format = DataFormat(rawValue: text.lowercased()) else {
      throw ArgumentError(
        layer: layer, argument: "data_format",
        "must be 'channels_last' or 'channels_first', received data_format='\(text)'")
    }
    return format
  }

  func activation() throws(ArgumentError) -> Activation {
    switch self["activation"] {
    case .null: return .linear
    case .string(let name):
      guard let activation = Activation(kerasName: name.lowercased()) else {
        let known = Activation.allCases.map(\.rawValue).joined(separator: ", ")
        throw ArgumentError(layer: layer, argument: "activation", "unknown activation '\(name)'; known: \(known)")
      }
      return activation
    default:
      throw ArgumentError(layer: layer, argument: "activation", "must be an activation name, received \(self["activation"])")
    }
  }

  /// An initializer named by string (`'he_normal'`) or configured (`Constant(0.5)`,
  /// `RandomNormal(mean=0., stddev=1.)`).
  func initializer(_ name: String) throws(ArgumentError) -> Initializer {
    func fail(_ detail: String) -> ArgumentError { ArgumentError(layer: layer, argument: name, detail) }
    switch self[name] {
    case .string(let text):
      guard let initializer = Initializer.named(text.lowercased()) else {
        throw fail("unknown initializer '\(text)'")
      }
      return initializer
    case let .object(type, arguments):
      func number(_ key: String, _ position: Int, _ fallback: Double) throws(ArgumentError) -> Double {
        let value = arguments.keyword.first { $0.name == key }?.value
          ?? (position < arguments.positional.count ? arguments.positional[position] : nil)
        switch value {
        case nil: return fallback
        case .int(let number)?: return Double(number)
        case .float(let number)?: return number
        default: throw fail("\(type): `\(key)` must be a number, received \(value!)")
        }
      }
      let bare = type.split(separator: ".").last.map(String.init) ?? type
      switch bare {
      case "Constant": return .constant(try number("value", 0, 0))
      case "Zeros": return .constant(0)
      case "Ones": return .constant(1)
      case "RandomNormal":
        return .randomNormal(mean: try number("mean", 0, 0), standardDeviation: try number("stddev", 1, 0.05))
      case "RandomUniform":
        return .randomUniform(minimum: try number("minval", 0, -0.05), maximum: try number("maxval", 1, 0.05))
      case "TruncatedNormal":
        return .truncatedNormal(mean: try number("mean", 0, 0), standardDeviation: try number("stddev", 1, 0.05))
      default:
        let snake = bare.reduce(into: "") { text, character in
          if character.isUppercase && !text.isEmpty { text.append("_") }
          text.append(Character(character.lowercased()))
        }
        if let named = Initializer.named(snake) { return named }
        throw fail("unknown initializer \(type)")
      }
    default:
      throw fail("must be an initializer name or object, received \(self[name])")
    }
  }

  /// Arguments that are accepted but change nothing in the forward pass, when given.
  func inert(_ names: [String]) -> [(name: String, value: ArgumentValue)] {
    names.compactMap { name in
      guard let value = values[name], value != .null, given.contains(name) else { return nil }
      return (name, value)
    }
  }

  /// `input_shape=(…)`: one sample's shape, None allowed.
  func inputShape() throws(ArgumentError) -> [Int?]? {
    switch self["input_shape"] {
    case .null: return nil
    case .sequence(let items):
      var shape: [Int?] = []
      for item in items {
        switch item {
        case .int(let value) where value >= 0: shape.append(value)
        case .null: shape.append(nil)
        default:
          throw ArgumentError(
            layer: layer, argument: "input_shape", "must be a tuple of sizes (None for unknown), received \(self["input_shape"])")
        }
      }
      return shape
    case .int(let value) where value >= 0: return [value]
    default:
      throw ArgumentError(layer: layer, argument: "input_shape", "must be a tuple of sizes, received \(self["input_shape"])")
    }
  }
}

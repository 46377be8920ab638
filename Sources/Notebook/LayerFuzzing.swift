import Layers

/// Turns fuzz bytes into statements that put a layer through every entry point with extreme
/// arguments and extreme inputs: what libFuzzer rarely builds by mutating text. Every layer
/// kind × arguments drawn from 0, 1, 2, 3, 2³¹ − 1, 2³¹, 2⁶³ − 1 and negatives (as numbers or
/// tuples) × an input with zero, small, 2³¹ − 1, 2⁶³ − 1 or unknown extents × a call, an
/// `Input`/`Sequential`, `explain`, `diagram`, `animate` or `summary`. The same bytes always
/// give the same statements, so a crash replays.
public enum LayerFuzzing {
  /// Inputs starting with this byte are configurations; any other is source text.
  public static let tag: UInt8 = 0xFF

  /// Numbers: small ones half the time (so the rest of a configuration is reached), else an extreme.
  static let numbers = [
    "1", "2", "3", "4", "1", "2", "3", "5", "0", "2147483647", "2147483648", "9223372036854775807", "-1",
    "-2147483648", "None", "65536",
  ]
  static let extents = ["1", "2", "3", "5", "7", "8", "0", "2147483647", "9223372036854775807", "None"]
  static let strings = ["'valid'", "'same'", "'causal'", "'SAME'", "'VALID'", "'channels_first'", "'bilinear'", "'x'"]
  /// The arguments that size things; the others (initializers, constraints…) keep their defaults.
  static let sizing: Set<String> = [
    "filters", "kernel_size", "strides", "padding", "dilation_rate", "output_padding", "depth_multiplier", "groups",
    "size", "cropping", "data_format", "interpolation", "stride", "dilation", "in_channels", "out_channels",
  ]

  /// The statements `bytes` (after the tag) stand for.
  public static func statements(_ bytes: ArraySlice<UInt8>) -> String {
    var reader = ByteReader(bytes: Array(bytes))
    let names = LayerCatalog.names
    let name = names[reader.next(names.count)]
    let signature = LayerCatalog.signature(name)
    let parameters = (signature?.parameters ?? []).map(\.name).filter { sizing.contains($0) }
    var arguments: [String] = []
    let positional = reader.next(3)
    for index in 0..<positional { arguments.append(value(&reader, parameters[safe: index] ?? "")) }
    for _ in 0..<reader.next(4) where !parameters.isEmpty {
      let parameter = parameters[reader.next(parameters.count)]
      guard !arguments.contains(where: { $0.hasPrefix(parameter + "=") }) else { continue }
      arguments.append("\(parameter)=\(value(&reader, parameter))")
    }
    let layer = "\(name)(\(arguments.joined(separator: ", ")))"
    let rank = (name.first { $0.isNumber }.flatMap { Int(String($0)) } ?? 3) + 2
    let shape = (0..<rank).map { _ in extents[reader.next(extents.count)] }
    func tuple(_ items: [String]) -> String { "(" + items.joined(separator: ", ") + (items.count == 1 ? ",)" : ")") }
    let full = tuple(shape), known = tuple(shape.map { $0 == "None" ? "1" : $0 })
    let sample = "Input(\(tuple(Array(shape.dropFirst()))))"
    let at = tuple((0..<max(1, rank - 2)).map { _ in ["0", "1", "-1", "2147483647"][reader.next(4)] })
    switch reader.next(7) {
    case 0: return "l = \(layer)\ny = l(zeros(\(known)))"
    case 1: return "m = Sequential([\(sample), \(layer)])\nm.output_shape"
    case 2: return "explain(\(layer), \(full))"
    case 3: return "diagram(\(layer), \(known), at: \(at))"
    case 4: return "animate(\(layer), \(known))"
    case 5: return "summary(Sequential([\(sample), \(layer)]))"
    default: return "l = \(layer)\nl(\(sample))"
    }
  }

  private static func value(_ reader: inout ByteReader, _ parameter: String) -> String {
    switch reader.next(6) {
    case 0: return strings[reader.next(strings.count)]
    case 1, 2:
      let count = 1 + reader.next(3)
      return "(" + (0..<count).map { _ in numbers[reader.next(numbers.count)] }.joined(separator: ", ") + (count == 1 ? ",)" : ")")
    default: return numbers[reader.next(numbers.count)]
    }
  }
}

/// Small choices read from fuzz bytes; past the end, every choice is 0.
private struct ByteReader {
  let bytes: [UInt8]
  var position = 0

  mutating func next(_ choices: Int) -> Int {
    guard choices > 1, position < bytes.count else { return 0 }
    defer { position += 1 }
    return Int(bytes[position]) % choices
  }
}

extension Array {
  fileprivate subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}

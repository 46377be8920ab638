import Tensors

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// PyTorch's `torch.set_printoptions`: precision 4, threshold 1000, edgeitems 3, linewidth 80.
public struct TorchPrintOptions: Sendable, Equatable {
  public var precision = 4
  public var threshold = 1000
  public var edgeItems = 3
  public var lineWidth = 80
  /// nil: PyTorch chooses scientific notation from the values.
  public var sciMode: Bool?

  public init() {}
}

extension NDArray {
  /// Which library made the array, so it prints as that library prints it. Views keep their
  /// base's; NumPy operations make NumPy arrays.
  public enum Flavor: Sendable { case numpy, torch }

  /// The array with `flavor`, sharing its storage.
  public func with(flavor: Flavor) -> NDArray {
    var copy = self
    copy.flavor = flavor
    return copy
  }

  /// PyTorch's `repr(t)` (`torch/_tensor_str.py`): `tensor([[0.1234, 1.0000]])`, one format for
  /// every element (integer-valued floats as `1.`, scientific when the magnitudes spread past
  /// 10³ or leave [10⁻⁴, 10⁸]), summarized past `threshold` elements, and a `dtype=` suffix for
  /// dtypes other than float32, int64 and bool.
  public func torchRepr(_ options: TorchPrintOptions) -> String {
    let prefix = "tensor("
    let indent = prefix.count
    var suffixes: [String] = []
    let body: String
    if count == 0 {
      if rank != 1 { suffixes.append("size=" + formatShape(shape)) }
      if dtype != .float32 { suffixes.append("dtype=torch.\(dtype.rawValue)") }
      body = "[]"
    } else {
      if dtype != .float32 && dtype != .int64 && dtype != .bool { suffixes.append("dtype=torch.\(dtype.rawValue)") }
      let summarize = count > options.threshold
      let edge = max(options.edgeItems, 0)
      // Only the elements shown are read (PyTorch's get_summarized_data), in the order the
      // brackets visit them, which is row-major over the kept indices.
      let values = castValues(at: summarize ? edgePositions(edgeItems: edge) : allPositions())
      let formatter = TorchElementFormatter(values: values, options: options)
      var next = 0
      func tensorText(_ axis: Int, _ indent: Int) -> String {
        if axis == rank {
          defer { next += 1 }
          return formatter.format(values[next])
        }
        let extent = shape[axis]
        let cut = summarize && extent > 2 * edge
        let slots = cut ? Array(repeating: true, count: edge) + [false] + Array(repeating: true, count: edge) : Array(repeating: true, count: extent)
        if axis == rank - 1 {
          let perLine = max(1, (options.lineWidth - indent) / (formatter.width + 2))
          let items = summarize && edge == 0 ? ["..."] : slots.map { shown in shown ? tensorText(axis + 1, indent) : " ..." }
          let lines = stride(from: 0, to: items.count, by: perLine).map { items[$0..<min($0 + perLine, items.count)].joined(separator: ", ") }
          return "[" + lines.joined(separator: ",\n" + String(repeating: " ", count: indent + 1)) + "]"
        }
        let slices = slots.map { shown in shown ? tensorText(axis + 1, indent + 1) : "..." }
        let separator = "," + String(repeating: "\n", count: rank - axis - 1) + String(repeating: " ", count: indent + 1)
        return "[" + slices.joined(separator: separator) + "]"
      }
      body = tensorText(0, indent)
    }
    var text = prefix + body
    var lastLine = text.count - (text.lastIndex(of: "\n").map { text.distance(from: text.startIndex, to: $0) } ?? -1) + 1
    for suffix in suffixes {
      if lastLine + suffix.count + 2 > options.lineWidth {
        text += ",\n" + String(repeating: " ", count: indent) + suffix
        lastLine = indent + suffix.count
      } else {
        text += ", " + suffix
        lastLine += suffix.count + 2
      }
    }
    return text + ")"
  }

  /// The elements at buffer `positions`, as bool, integer or double.
  private func castValues(at positions: [Int]) -> [CastValue] {
    struct Cast: ElementsVisitor {
      let positions: [Int]
      func visit<T: ArrayElement>(_ elements: [T]) -> [CastValue] { positions.map { elements[$0].castValue } }
    }
    return buffer.visit(Cast(positions: positions))
  }
}

/// `torch._tensor_str._Formatter`: one width and one notation for all the (summarized) values.
private struct TorchElementFormatter {
  var width = 1
  var integerMode = true
  var scientific = false
  let precision: Int
  let floating: Bool

  init(values: [CastValue], options: TorchPrintOptions) {
    precision = options.precision
    if case .float? = values.first { floating = true } else { floating = false }
    guard floating else {
      for value in values { width = max(width, Self.plain(value).count) }
      return
    }
    let magnitudes = values.compactMap { value -> Double? in
      guard case .float(let x) = value, x.isFinite, x != 0 else { return nil }
      return x
    }
    guard !magnitudes.isEmpty else { return }
    integerMode = magnitudes.allSatisfy { $0 == $0.rounded(.up) }
    let smallest = magnitudes.map(abs).min()!, largest = magnitudes.map(abs).max()!
    scientific = options.sciMode ?? (largest / smallest > 1000 || largest > 1e8 || smallest < 1e-4)
    for x in magnitudes {
      let text = scientific ? Self.c("%.\(precision)e", x) : integerMode ? Self.c("%.0f", x) + "." : Self.c("%.\(precision)f", x)
      width = max(width, text.count)
    }
  }

  func format(_ value: CastValue) -> String {
    var text: String
    if floating, case .float(let x) = value {
      if !x.isFinite {
        text = x.isNaN ? "nan" : (x < 0 ? "-inf" : "inf")
      } else if scientific {
        text = Self.c("%.\(precision)e", x)
      } else if integerMode {
        text = Self.c("%.0f", x) + "."
      } else {
        text = Self.c("%.\(precision)f", x)
      }
    } else {
      text = Self.plain(value)
    }
    return String(repeating: " ", count: max(0, width - text.count)) + text
  }

  private static func plain(_ value: CastValue) -> String {
    switch value {
    case .bool(let flag): return flag ? "True" : "False"
    case .int(let number): return String(number)
    case .uint(let number): return String(number)
    case .float(let x): return String(x)
    }
  }

  /// C's printf of one double: Python's `format` gives the same digits (both round exactly).
  private static func c(_ format: String, _ x: Double) -> String {
    var buffer = [CChar](repeating: 0, count: 64)
    let needed = Int(withVaList([x]) { vsnprintf(&buffer, buffer.count, format, $0) })
    if needed >= buffer.count {
      buffer = [CChar](repeating: 0, count: needed + 1)
      _ = withVaList([x]) { vsnprintf(&buffer, buffer.count, format, $0) }
    }
    return String(decoding: buffer.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
  }
}

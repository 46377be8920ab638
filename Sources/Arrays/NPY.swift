import Tensors

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Why a `.npy` file could not be read or written. Every case names the file.
public struct NPYError: Error, Equatable, Sendable, CustomStringConvertible {
  public enum Problem: Error, Equatable, Sendable {
    case cannotOpen(reason: String)
    case notNPY
    case unsupportedVersion(major: UInt8, minor: UInt8)
    case truncatedHeader
    case malformedHeader(String)
    case unsupportedDType(String)
    case truncatedData(expectedBytes: Int, actualBytes: Int)
    case cannotWrite(reason: String)
    /// A sound file whose array convlab cannot hold: more than 8 axes, or past the memory limit.
    case tooLarge(String)
  }

  public var path: String
  public var problem: Problem

  public var description: String {
    let detail: String
    switch problem {
    case .cannotOpen(let reason): detail = "cannot open: \(reason)"
    case .notNPY: detail = "not a .npy file (it does not start with \\x93NUMPY)"
    case let .unsupportedVersion(major, minor):
      detail = "unsupported .npy format version \(major).\(minor) (1.0, 2.0 and 3.0 are read)"
    case .truncatedHeader: detail = "the file ends inside its header"
    case .malformedHeader(let reason): detail = "malformed header: \(reason)"
    case .unsupportedDType(let descr):
      detail = "unsupported dtype '\(descr)': convlab reads float16/32/64, int8–64, uint8–64 and bool"
    case let .truncatedData(expected, actual):
      detail = "the header promises \(expected) bytes of data but the file holds \(actual)"
    case .cannotWrite(let reason): detail = "cannot write: \(reason)"
    case .tooLarge(let reason): detail = reason
    }
    return "\(path): \(detail)"
  }
}

/// NumPy's `.npy` format (versions 1.0, 2.0, 3.0): a magic string, a version, a header that
/// is a Python dict literal (`descr`, `fortran_order`, `shape`), then the raw data.
public enum NPY {
  private static let magic: [UInt8] = [0x93] + Array("NUMPY".utf8)

  /// Reads a `.npy` file as the array it holds: its dtype and shape unchanged (big-endian data
  /// is byte-swapped; Fortran-ordered data keeps its column-major layout).
  public static func read(path: String) throws(NPYError) -> NDArray {
    let bytes: [UInt8]
    do { bytes = try readFile(path) } catch { throw NPYError(path: path, problem: .cannotOpen(reason: error.reason)) }
    do { return try decode(bytes) } catch { throw NPYError(path: path, problem: error) }
  }

  /// Decodes the bytes of a `.npy` file.
  public static func decode(_ bytes: [UInt8]) throws(NPYError.Problem) -> NDArray {
    guard bytes.count >= 8, Array(bytes[0..<6]) == magic else {
      throw bytes.count < 8 && magic.starts(with: bytes) ? .truncatedHeader : .notNPY
    }
    let major = bytes[6], minor = bytes[7]
    let lengthBytes: Int
    switch (major, minor) {
    case (1, 0): lengthBytes = 2
    case (2, 0), (3, 0): lengthBytes = 4
    default: throw .unsupportedVersion(major: major, minor: minor)
    }
    guard bytes.count >= 8 + lengthBytes else { throw .truncatedHeader }
    var headerLength = 0
    for index in 0..<lengthBytes { headerLength |= Int(bytes[8 + index]) << (8 * index) }
    let dataStart = 8 + lengthBytes + headerLength
    guard bytes.count >= dataStart else { throw .truncatedHeader }
    let headerBytes = bytes[(8 + lengthBytes)..<dataStart]
    guard let header = String(validating: headerBytes, as: UTF8.self) else {
      throw .malformedHeader("the header is not valid text")
    }
    var parser = HeaderParser(header)
    let fields = try parser.parseDictionary()
    guard case .string(let descr)? = fields["descr"] else {
      throw .malformedHeader(fields["descr"] == nil ? "no 'descr' key" : "'descr' is not a simple dtype string")
    }
    guard case .bool(let fortranOrder)? = fields["fortran_order"] else {
      throw .malformedHeader("no boolean 'fortran_order' key")
    }
    guard case .tuple(let shape)? = fields["shape"] else {
      throw .malformedHeader("no 'shape' tuple")
    }
    let (dtype, bigEndian) = try Self.dtype(descr)
    let count: Int
    do { count = try Tensor.elementCount(of: shape, itemSize: dtype.itemSize) } catch {
      switch error {
      case .negativeDimension: throw .malformedHeader("shape \(formatShape(shape)): \(error)")
      default: throw .tooLarge("an array of shape \(formatShape(shape)) cannot be loaded: \(error)")
      }
    }
    let byteCount = count * dtype.itemSize  // fits: elementCount checked the bytes
    guard bytes.count - dataStart >= byteCount else {
      throw .truncatedData(expectedBytes: byteCount, actualBytes: bytes.count - dataStart)
    }
    struct Decode: DTypeVisitor {
      let raw: ArraySlice<UInt8>
      let count: Int
      let bigEndian: Bool
      func visit<T: ArrayElement>(_ type: T.Type) -> ArrayBuffer {
        let size = MemoryLayout<T>.stride
        var elements = [T](unsafeUninitializedCapacity: count) { buffer, initialized in
          raw.withUnsafeBytes { source in
            UnsafeMutableRawBufferPointer(buffer).copyMemory(from: UnsafeRawBufferPointer(rebasing: source[0..<(count * size)]))
          }
          initialized = count
        }
        if bigEndian && size > 1 {
          elements.withUnsafeMutableBytes { bytes in
            for index in 0..<count { bytes[(index * size)..<((index + 1) * size)].reverse() }
          }
        }
        if T.self == Bool.self {  // any non-zero byte is True; Swift's Bool must be 0 or 1
          elements.withUnsafeMutableBytes { bytes in
            for index in bytes.indices where bytes[index] > 1 { bytes[index] = 1 }
          }
        }
        return T.buffer(elements)
      }
    }
    let buffer = dtype.visit(Decode(raw: bytes[dataStart..<(dataStart + byteCount)], count: count, bigEndian: bigEndian))
    if fortranOrder && shape.count > 1 {
      // Column-major data: the same buffer with reversed strides, as NumPy loads it.
      let strides = Array(Tensor.contiguousStrides(for: Array(shape.reversed())).reversed())
      return NDArray(validShape: shape, strides: strides, buffer: buffer)
    }
    return NDArray(validShape: shape, buffer: buffer)
  }

  /// The dtype a `descr` names, and whether its bytes are big-endian.
  static func dtype(_ descr: String) throws(NPYError.Problem) -> (DType, bigEndian: Bool) {
    guard let order = descr.first, "<>|=".contains(order), let dtype = DType(name: String(descr.dropFirst())),
      dtype.npyDescriptor.dropFirst() == descr.dropFirst()
    else { throw .unsupportedDType(descr) }
    // '=' is the writer's native order; every platform NumPy targets today is little-endian.
    return (dtype, order == ">")
  }

  /// The bytes of a version 1.0 (2.0 for very long headers) `.npy` file of `array`'s dtype,
  /// laid out as `np.save` writes it: header padded with spaces to a multiple of 64, then the
  /// elements in row-major order.
  public static func encode(_ array: NDArray) -> [UInt8] {
    let shapeText = array.rank == 1 ? "(\(array.shape[0]),)"
      : "(" + array.shape.map(String.init).joined(separator: ", ") + ")"
    var header = "{'descr': '\(array.dtype.npyDescriptor)', 'fortran_order': False, 'shape': \(shapeText), }"
    var lengthBytes = 2
    var version: UInt8 = 1
    if 8 + 2 + header.utf8.count + 1 > 65535 {
      lengthBytes = 4
      version = 2
    }
    let unpadded = 8 + lengthBytes + header.utf8.count + 1
    header += String(repeating: " ", count: (64 - unpadded % 64) % 64) + "\n"
    var bytes = magic + [version, 0]
    let length = header.utf8.count
    for index in 0..<lengthBytes { bytes.append(UInt8((length >> (8 * index)) & 0xFF)) }
    bytes += Array(header.utf8)
    struct Bytes: ElementsVisitor {
      let array: NDArray
      func visit<T: ArrayElement>(_ elements: [T]) -> [UInt8] {
        array.contiguous().bufferElements(T.self).withUnsafeBytes { Array($0) }
      }
    }
    bytes += array.buffer.visit(Bytes(array: array))
    return bytes
  }

  /// Writes `array` as a `.npy` file atomically: to a temporary file beside `path`, flushed to
  /// disk, then renamed over it, so an existing file is never half-written.
  public static func write(_ array: NDArray, path: String) throws(NPYError) {
    do { try AtomicFile.write(encode(array), to: path) } catch {
      throw NPYError(path: path, problem: .cannotWrite(reason: error.reason))
    }
  }

  private static func readFile(_ path: String) throws(SystemError) -> [UInt8] {
    try readRegularFile(path, limit: MemoryLimit.bytes - min(MemoryLimit.inUse, MemoryLimit.bytes))
  }
}

/// The few Python literals a `.npy` header uses: strings, booleans, ints and tuples of ints.
private struct HeaderParser {
  enum Value: Equatable { case string(String), bool(Bool), int(Int), tuple([Int]), other }

  private let characters: [Character]
  private var position = 0

  init(_ text: String) { characters = Array(text) }

  mutating func parseDictionary() throws(NPYError.Problem) -> [String: Value] {
    skipSpace()
    try expect("{")
    var result: [String: Value] = [:]
    while true {
      skipSpace()
      if peek == "}" { break }
      guard case .string(let key) = try parseValue() else {
        throw .malformedHeader("dictionary keys must be strings")
      }
      skipSpace()
      try expect(":")
      skipSpace()
      result[key] = try parseValue()
      skipSpace()
      if peek == "," {
        position += 1
        continue
      }
      if peek == "}" { break }
      throw .malformedHeader("expected ',' or '}' at character \(position)")
    }
    position += 1
    return result
  }

  private var peek: Character? { position < characters.count ? characters[position] : nil }

  private mutating func skipSpace() {
    while let character = peek, character.isWhitespace { position += 1 }
  }

  private mutating func expect(_ character: Character) throws(NPYError.Problem) {
    guard peek == character else {
      throw .malformedHeader("expected '\(character)' at character \(position)")
    }
    position += 1
  }

  private mutating func parseValue() throws(NPYError.Problem) -> Value {
    switch peek {
    case "'", "\"":
      let quote = characters[position]
      position += 1
      var text = ""
      while let character = peek, character != quote {
        text.append(character)
        position += 1
      }
      try expect(quote)
      return .string(text)
    case "(":
      position += 1
      var items: [Int] = []
      while true {
        skipSpace()
        if peek == ")" { break }
        guard case .int(let value) = try parseValue() else {
          throw .malformedHeader("shape entries must be integers")
        }
        items.append(value)
        skipSpace()
        if peek == "," { position += 1 } else if peek != ")" {
          throw .malformedHeader("expected ',' or ')' in shape at character \(position)")
        }
      }
      position += 1
      return .tuple(items)
    case "[":
      // A list descr is a structured dtype; skip it to report the dtype, not a parse error.
      var depth = 0
      repeat {
        if peek == "[" { depth += 1 } else if peek == "]" { depth -= 1 }
        position += 1
      } while depth > 0 && peek != nil
      return .other
    default:
      var word = ""
      while let character = peek, character.isLetter || character.isNumber || character == "-" || character == "L" {
        word.append(character)
        position += 1
      }
      if word == "True" { return .bool(true) }
      if word == "False" { return .bool(false) }
      if let value = Int(word.hasSuffix("L") ? String(word.dropLast()) : word) { return .int(value) }
      throw .malformedHeader(word.isEmpty ? "unexpected character at \(position)" : "unexpected '\(word)'")
    }
  }
}

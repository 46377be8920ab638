import Foundation
import TestSupport
import Testing

@testable import Arrays
import Tensors

struct NPYCase: Decodable, Sendable, CustomTestStringConvertible {
  var file: String
  var shape: [Int]
  var bits: [UInt32]
  var testDescription: String { file }

  struct Manifest: Decodable {
    var reads: [NPYCase]
    var writes: [NPYCase]
  }

  static func manifest() throws -> Manifest { try Fixtures.json(Manifest.self, "npy", "cases.json") }
}

/// Same values as float32, with every NaN equal to every other (payloads may differ after
/// conversion).
private func sameValues(_ array: NDArray, _ bits: [UInt32]) throws -> Bool {
  let expected = Fixtures.floats(fromBits: bits)
  let values = try array.astype(.float32).floats
  return values.count == expected.count
    && zip(values, expected).allSatisfy { $0.isNaN ? $1.isNaN : $0.bitPattern == $1.bitPattern }
}

@Suite(".npy files move between NumPy and convlab unchanged")
struct NPYTests {
  @Test("reads every dtype, byte order, memory order and version NumPy writes",
    arguments: try NPYCase.manifest().reads)
  func readsNumPyFile(_ npy: NPYCase) throws {
    let array = try NPY.read(path: Fixtures.path("npy", npy.file))
    #expect(array.shape == npy.shape)
    #expect(try sameValues(array, npy.bits))
    // The dtype is the file's: `f2_…` is float16, `u8_…` uint64, `b1_…` bool.
    let code = String(npy.file.prefix { $0 != "_" })
    #expect(array.dtype.npyDescriptor.dropFirst() == code)
  }

  @Test func readCasesCoverEveryListedDType() throws {
    let files = try NPYCase.manifest().reads.map(\.file)
    for code in ["f2", "f4", "f8", "i1", "i2", "i4", "i8", "u1", "u2", "u4", "u8", "b1"] {
      #expect(files.contains { $0.hasPrefix(code + "_") && $0.contains("_C_") })
      #expect(files.contains { $0.hasPrefix(code + "_") && $0.contains("_F_") })
    }
    for version in ["v1", "v2", "v3"] { #expect(files.contains { $0.contains(version) }) }
    #expect(files.contains { $0.contains("_be_") })
  }

  @Test("writes the bytes np.save writes", arguments: try NPYCase.manifest().writes)
  func writesWhatNumPyWrites(_ npy: NPYCase) throws {
    let array = try NDArray(shape: npy.shape, elements: Fixtures.floats(fromBits: npy.bits))
    let numpy = try Data(contentsOf: URL(fileURLWithPath: Fixtures.path("npy", npy.file)))
    #expect(NPY.encode(array) == [UInt8](numpy))
  }

  @Test func roundTripsEveryDTypeThroughAFile() throws {
    let directory = try makeTemporaryDirectory("convlab-npy")
    var generator = RandomGenerator(seed: 3)
    for dtype in DType.allCases {
      for shape in [[], [7], [2, 3, 4], [1, 0, 5], [2, 1, 2, 1, 2, 1, 2, 1]] {
        let drawn = try NDArray.sample(shape) { generator.nextNormal() * 100 }
        let array = try drawn.astype(dtype)
        let path = directory + "/t.npy"
        try NPY.write(array, path: path)
        let back = try NPY.read(path: path)
        #expect(back.dtype == dtype)
        #expect(back.isIdentical(to: array), "\(dtype) \(shape)")
      }
    }
    // A transposed view is written in its logical order.
    let view = try NDArray.range([2, 3]).transposed()
    try NPY.write(view, path: directory + "/v.npy")
    #expect(try NPY.read(path: directory + "/v.npy").ints == [0, 3, 1, 4, 2, 5])
  }

  @Test func writeReplacesAtomicallyAndLeavesNoTemporaryFiles() throws {
    let directory = try makeTemporaryDirectory("convlab-npy")
    let path = directory + "/weights.npy"
    try NPY.write(try NDArray.ones([3]), path: path)
    try NPY.write(try NDArray.zeros([2, 2]), path: path)
    #expect(try NPY.read(path: path).isIdentical(to: try NDArray.zeros([2, 2])))
    #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["weights.npy"])
  }

  @Test func writeIntoMissingDirectoryNamesTheFile() throws {
    let path = "/nonexistent-convlab-dir/x.npy"
    let error = #expect(throws: NPYError.self) { try NPY.write(NDArray(scalar: Float(1)), path: path) }
    #expect(error?.description.hasPrefix(path + ": cannot write") == true)
  }

  // MARK: - Each kind of bad file has its own error

  private func problem(reading bytes: [UInt8]) -> NPYError.Problem? {
    do {
      _ = try NPY.decode(bytes)
      return nil
    } catch { return error }
  }

  private func validFile() -> [UInt8] { NPY.encode(NDArray.floats([2, 3], [1, 2, 3, 4, 5, 6])) }

  @Test func missingFileNamesThePath() {
    let error = #expect(throws: NPYError.self) { try NPY.read(path: "/no/such/file.npy") }
    #expect(error?.path == "/no/such/file.npy")
    #expect(error?.description == "/no/such/file.npy: cannot open: No such file or directory")
  }

  @Test func wrongMagic() {
    var bytes = validFile()
    bytes[1] = UInt8(ascii: "X")
    #expect(problem(reading: bytes) == .notNPY)
    #expect(problem(reading: Array("just text, not numpy".utf8)) == .notNPY)
  }

  @Test func unsupportedVersion() {
    var bytes = validFile()
    bytes[6] = 4
    #expect(problem(reading: bytes) == .unsupportedVersion(major: 4, minor: 0))
  }

  @Test func truncatedInsideHeader() {
    #expect(problem(reading: Array(validFile().prefix(40))) == .truncatedHeader)
    #expect(problem(reading: Array(validFile().prefix(4))) == .truncatedHeader)
  }

  @Test func headerLiesAboutSize() {
    let bytes = validFile()
    #expect(problem(reading: Array(bytes.dropLast(5))) == .truncatedData(expectedBytes: 24, actualBytes: 19))
  }

  @Test func malformedHeader() {
    var bytes = validFile()
    let header = Array("{'descr': '<f4', 'fortran_order': Maybe, 'shape': (2, 3), }".utf8)
    bytes.replaceSubrange(10..<(10 + header.count), with: header)
    guard case .malformedHeader? = problem(reading: bytes) else {
      Issue.record("expected a malformed header error")
      return
    }
  }

  @Test func complexIsRefused() throws {
    let error = #expect(throws: NPYError.self) { try NPY.read(path: Fixtures.path("npy", "bad_complex.npy")) }
    #expect(error?.problem == .unsupportedDType("<c8"))
    #expect(error?.description.contains("bad_complex.npy: unsupported dtype '<c8'") == true)
  }

  @Test func objectIsRefused() throws {
    let error = #expect(throws: NPYError.self) { try NPY.read(path: Fixtures.path("npy", "bad_object.npy")) }
    #expect(error?.problem == .unsupportedDType("|O"))
  }

  @Test func structuredAndStringDTypesAreRefused() throws {
    let structured = #expect(throws: NPYError.self) {
      try NPY.read(path: Fixtures.path("npy", "bad_structured.npy"))
    }
    #expect(structured?.problem == .malformedHeader("'descr' is not a simple dtype string"))
    let unicode = #expect(throws: NPYError.self) { try NPY.read(path: Fixtures.path("npy", "bad_unicode.npy")) }
    #expect(unicode?.problem == .unsupportedDType("<U4"))
  }

  static func header(_ shape: String) -> [UInt8] {
    var bytes: [UInt8] = [0x93] + Array("NUMPY".utf8) + [1, 0]
    let header = "{'descr': '<f4', 'fortran_order': False, 'shape': \(shape), }\n"
    bytes += [UInt8(header.utf8.count & 0xFF), UInt8(header.utf8.count >> 8)] + Array(header.utf8)
    return bytes
  }

  @Test func aNegativeShapeIsMalformed() {
    guard case .malformedHeader? = problem(reading: Self.header("(-1, 3)")) else {
      Issue.record("shape (-1, 3) should be a malformed header")
      return
    }
  }

  /// A sound header whose array convlab cannot hold is said to be too big (or of too many
  /// axes), not malformed.
  @Test(arguments: ["(9223372036854775807, 9223372036854775807)", "(1, 1, 1, 1, 1, 1, 1, 1, 1)", "(100000, 100000, 100000)"])
  func anArrayTooBigToHoldIsSaidToBe(_ shape: String) {
    guard case .tooLarge(let reason)? = problem(reading: Self.header(shape)) else {
      Issue.record("shape \(shape) should be too large, not \(String(describing: problem(reading: Self.header(shape))))")
      return
    }
    #expect(["too big", "at most 8 axes", "would need"].contains { reason.contains($0) }, "\(reason)")
  }
}

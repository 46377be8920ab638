import Arrays
import Testing
import Tensors

@Suite("Broadcasting arithmetic and element-wise math")
struct ArithmeticTests {
  let column = NDArray.floats([3, 1], [1, 2, 3])
  let row = NDArray.floats([2], [10, 20])

  @Test func broadcastsLikeNumPy() throws {
    let sum = try apply(.add, column, row)
    #expect(sum.shape == [3, 2])
    #expect(sum.floats == [11, 21, 12, 22, 13, 23])
    #expect(try apply(.subtract, column, row).shape == [3, 2])
    #expect(try apply(.multiply, row, .int(2)).floats == [20, 40])
    #expect(try apply(.divide, row, .int(4)).floats == [2.5, 5])
    #expect(try Tensor.broadcastShape([8, 1, 6, 1], [7, 1, 5]) == [8, 7, 6, 5])
    #expect(try Tensor.broadcastShape([0, 3], [1, 3]) == [0, 3])
  }

  @Test func incompatibleShapesNameBoth() {
    #expect(throws: ShapeError.broadcast(lhs: [3, 2], rhs: [3])) {
      try apply(.add, try NDArray.zeros([3, 2]), try NDArray.zeros([3]))
    }
    let message = ShapeError.broadcast(lhs: [4, 10, 8], rhs: [7]).description
    #expect(message == "operands could not be broadcast together with shapes (4, 10, 8) (7,)")
  }

  @Test func pythonDivisionAndRemainder() throws {
    let values = NDArray.floats([2], [-7, 7])
    #expect(try apply(.remainder, values, NDArray.floats([2], [3, -3])).floats == [2, -2])
    #expect(try apply(.floorDivide, values, .int(2)).floats == [-4, 3])
    #expect(try apply(.power, row, .int(2)).floats == [100, 400])
    #expect(try UnaryUfunc.negative(.array(row)).floats == [-10, -20])
  }

  /// `(-2.0) ** 2` was nan: RealModule's `pow` is undefined for negative bases.
  @Test func integralPowersOfNegativeBasesAreReal() throws {
    for dtype in [DType.float32, .float64, .float16] {
      let bases = try NDArray.floats([3], [-2, 3, -0.5]).astype(dtype)
      #expect(try apply(.power, bases, .int(2)).astype(.float64).doubles == [4, 9, 0.25], "\(dtype)")
      #expect(try apply(.power, bases, .int(3)).astype(.float64).doubles == [-8, 27, -0.125], "\(dtype)")
      #expect(try apply(.power, bases, .float(3)).astype(.float64).doubles == [-8, 27, -0.125], "\(dtype)")
      #expect(try apply(.power, bases, .float(0.5)).astype(.float64).doubles[0].isNaN, "a fractional power of a negative base")
    }
    #expect(try apply(.power, NDArray.floats([], [0]), .int(0)).floats == [1])
    #expect(try apply(.power, NDArray.ints([4], [2, 3, -2, 0]), NDArray.ints([4], [3, 0, 3, 0])).ints == [8, 1, -8, 1])
    #expect(throws: ShapeError.negativeIntegerPower) { try apply(.power, NDArray.ints([1], [2]), .int(-1)) }
  }

  /// `7 // 0.1` is 69 in Python and NumPy: the remainder of 7 by 0.1 is just under 0.1.
  @Test func floorDivisionFollowsTheRemainder() throws {
    #expect(try apply(.floorDivide, NDArray.doubles([], [7]), .float(0.1)).doubles == [69])
    #expect(try apply(.remainder, NDArray.doubles([], [-0.0]), .int(5)).doubles[0].sign == .plus)
    #expect(try apply(.remainder, NDArray.doubles([], [0]), .int(-5)).doubles[0].sign == .minus)
  }

  /// NumPy's integer edges: floor semantics for negatives, 0 for division by zero, `min // -1`
  /// wraps, and int32 overflow wraps.
  @Test func integerEdges() throws {
    let x = NDArray.of([5], [Int32(-7), 7, 0, -1, 5]), y = NDArray.of([5], [Int32(2), -2, 0, 0, 0])
    #expect(try apply(.floorDivide, x, y).elements(as: Int32.self) == [-4, -4, 0, 0, 0])
    #expect(try apply(.remainder, x, y).elements(as: Int32.self) == [1, -1, 0, 0, 0])
    let minimum = NDArray.of([1], [Int32.min])
    #expect(try apply(.floorDivide, minimum, .array(NDArray.of([1], [Int32(-1)]))).elements(as: Int32.self) == [.min])
    #expect(try apply(.remainder, minimum, .array(NDArray.of([1], [Int32(-1)]))).elements(as: Int32.self) == [0])
    #expect(try apply(.add, NDArray.of([1], [Int32.max]), .int(1)).elements(as: Int32.self) == [.min])
    #expect(try apply(.multiply, NDArray.of([1], [Int8(127)]), .int(2)).elements(as: Int8.self) == [-2])
    #expect(try apply(.divide, NDArray.ints([2], [1, 0]), .int(0)).doubles[0] == .infinity)
  }

  @Test func comparisonsGiveBooleans() throws {
    let values = NDArray.floats([3], [1, 2, .nan])
    let greater = try apply(.greater, values, .int(1))
    #expect(greater.dtype == .bool)
    #expect(greater.bools == [false, true, false])
    #expect(try apply(.lessEqual, values, .int(2)).bools == [true, true, false])
    #expect(try apply(.notEqual, values, .int(2)).bools == [true, false, true])
    // A Python integer outside the dtype's range compares exactly (NumPy 2).
    #expect(try apply(.greater, NDArray.of([2], [UInt8(1), 2]), .int(-1)).bools == [true, true])
    #expect(try apply(.equal, NDArray.of([2], [UInt8(1), 2]), .int(300)).bools == [false, false])
    #expect(throws: ShapeError.pythonIntegerOutOfBounds(value: "-1", dtype: "uint8")) {
      try apply(.add, NDArray.of([2], [UInt8(1), 2]), .int(-1))
    }
  }

  @Test func booleanOperatorsAsNumPy() throws {
    let a = NDArray.of([2], [true, false]), b = NDArray.of([2], [true, true])
    #expect(try apply(.add, a, b).bools == [true, true])
    #expect(try apply(.multiply, a, b).bools == [true, false])
    #expect(try apply(.bitwiseAnd, a, b).bools == [true, false])
    #expect(try UnaryUfunc.invert(.array(a)).bools == [false, true])
    #expect(try apply(.add, a, .int(1)).dtype == .int64)
    #expect(try apply(.floorDivide, a, b).dtype == .int8)
    #expect(throws: ShapeError.self) { try apply(.subtract, a, b) }
    #expect(throws: ShapeError.self) { try UnaryUfunc.negative(.array(a)) }
    #expect(throws: ShapeError.unsupportedTypes(operation: "bitwise_and", dtypes: ["float64", "float64"])) {
      try apply(.bitwiseAnd, NDArray.doubles([1], [1.5]), .int(1))
    }
  }

  @Test func allcloseFollowsNumPysRule() throws {
    let a = NDArray.floats([2], [1, 1e-9])
    #expect(try NDArray.isClose(.array(a), .array(NDArray.floats([2], [1.000001, 0]))).bools == [true, true])
    #expect(try NDArray.isClose(.array(a), .array(NDArray.floats([2], [1.0001, 0]))).bools == [false, true])
    let nan = NDArray.floats([1], [.nan])
    #expect(try NDArray.isClose(.array(nan), .array(nan)).bools == [false])
    #expect(try NDArray.isClose(.array(nan), .array(nan), equalNaN: true).bools == [true])
    #expect(try NDArray.isClose(.float(.infinity), .float(.infinity)).bools == [true])
  }

  @Test func elementwiseMath() throws {
    let values = NDArray.floats([3], [0, 1, 4])
    #expect(try UnaryUfunc.sqrt(.array(values)).floats == [0, 1, 2])
    #expect(try UnaryUfunc.exp(.array(values)).floats[0] == 1)
    #expect(abs(try UnaryUfunc.exp(.array(values)).floats[1] - 2.7182817) < 1e-6)
    #expect(try UnaryUfunc.log(.array(values)).floats[0] == -.infinity)
    #expect(try UnaryUfunc.absolute(.array(NDArray.floats([2], [-2, 3]))).floats == [2, 3])
    #expect(try UnaryUfunc.tanh(.array(values)).floats[0] == 0)
    #expect(try NDArray.floats([3], [0.5, 1.5, 2.5]).rounded().floats == [0, 2, 2])
    // Integer inputs take the smallest float that holds them.
    #expect(try UnaryUfunc.exp(.array(NDArray.of([1], [Int8(1)]))).dtype == .float16)
    #expect(try UnaryUfunc.exp(.array(NDArray.of([1], [Int16(1)]))).dtype == .float32)
    #expect(try UnaryUfunc.exp(.array(NDArray.ints([1], [1]))).dtype == .float64)
  }
}

@Suite("Reductions")
struct ReductionTests {
  let matrix = NDArray.floats([2, 3], [1, 5, 2, 7, 0, 7])

  @Test func overAxesWithKeepdims() throws {
    #expect(try matrix.reduced(.sum, axes: [0]).floats == [8, 5, 9])
    let means = try matrix.reduced(.mean, axes: [1], keepdims: true)
    #expect(means.shape == [2, 1])
    #expect(means.floats == [2.6666667, 4.6666665])
    #expect(try matrix.reduced(.max, axes: [0, 1]).floats == [7])
    #expect(try matrix.reduced(.min, axes: [-1]).floats == [1, 0])
    #expect(try matrix.reduced(.sum).shape == [])
    #expect(try matrix.reduced(.sum, keepdims: true).shape == [1, 1])
  }

  @Test func resultDTypesAsNumPy() throws {
    let integers = NDArray.of([3], [Int32(1), 2, 4])
    #expect(try integers.reduced(.sum).dtype == .int64)
    #expect(try integers.reduced(.mean).dtype == .float64)
    #expect(try integers.reduced(.max).dtype == .int32)
    #expect(try NDArray.of([2], [UInt8(1), 2]).reduced(.sum).dtype == .uint64)
    #expect(try NDArray.of([2], [true, true]).reduced(.sum).ints == [2])
    #expect(try matrix.reduced(.any).bools == [true])
    #expect(try NDArray.floats([2], [0, 1]).reduced(.all).bools == [false])
    #expect(try matrix.argExtreme(largest: true, axis: nil).dtype == .int64)
  }

  @Test func standardDeviationIsPopulation() throws {
    #expect(try matrix.reduced(.std).floats == [2.8087165])
    #expect(try matrix.reduced(.var, ddof: 1).floats == [9.466666])  // np.float32(9.466666)
  }

  @Test func argmaxTakesFirstMaximum() throws {
    #expect(try matrix.argExtreme(largest: true, axis: nil).ints == [3])
    #expect(try matrix.argExtreme(largest: true, axis: 1).ints == [1, 0])
    #expect(try matrix.argExtreme(largest: true, axis: 0, keepdims: true).shape == [1, 3])
    #expect(try NDArray.floats([3], [1, .nan, 9]).argExtreme(largest: true, axis: nil).ints == [1])
    #expect(try matrix.argExtreme(largest: false, axis: 1).ints == [0, 1])
  }

  @Test func nanPropagatesThroughMinAndMax() throws {
    let values = NDArray.floats([3], [1, .nan, 9])
    #expect(try values.reduced(.max).floats[0].isNaN)
    #expect(try values.reduced(.min).floats[0].isNaN)
  }

  @Test func emptyReductions() throws {
    let empty = try NDArray.zeros([0, 3], dtype: .float32)
    #expect(try empty.reduced(.sum, axes: [0]).floats == [0, 0, 0])
    #expect(try empty.reduced(.max, axes: [1]).shape == [0])
    #expect(throws: ShapeError.emptyReduction(operation: "maximum")) { try empty.reduced(.max) }
    #expect(try empty.reduced(.mean).floats[0].isNaN)
  }

  @Test func badAxes() {
    #expect(throws: ShapeError.axisOutOfRange(axis: 2, rank: 2)) { try matrix.reduced(.sum, axes: [2]) }
    #expect(throws: ShapeError.repeatedAxis(axis: 1)) { try matrix.reduced(.sum, axes: [1, -1]) }
  }

  @Test func cumulativeSumsAndProducts() throws {
    #expect(try matrix.cumulative(product: false, axis: nil).floats == [1, 6, 8, 15, 15, 22])
    #expect(try matrix.cumulative(product: false, axis: 0).floats == [1, 5, 2, 8, 5, 9])
    #expect(try matrix.cumulative(product: true, axis: 1).floats == [1, 5, 10, 7, 0, 0])
    #expect(try NDArray.of([3], [Int8(100), 100, 100]).cumulative(product: false, axis: nil).ints == [100, 200, 300])
  }
}

@Suite("Creation")
struct CreationTests {
  @Test func fillsAndRanges() throws {
    #expect(try NDArray.full([2, 2], .int(7), dtype: .float32).floats == [7, 7, 7, 7])
    let tenths = try NDArray.arange(start: .int(0), stop: .int(1), step: .float(0.1), dtype: nil)
    #expect(tenths.dtype == .float64)
    #expect(tenths.count == 10)
    #expect(tenths.doubles[3] == 0.30000000000000004)
    let down = try NDArray.arange(start: .int(5), stop: .int(0), step: .int(-2), dtype: nil)
    #expect(down.dtype == .int64)
    #expect(down.ints == [5, 3, 1])
    #expect(try NDArray.arange(start: .int(3), stop: .int(1), step: .int(1), dtype: nil).count == 0)
    #expect(try NDArray.linspace(0, 1, count: 5).doubles == [0, 0.25, 0.5, 0.75, 1])
    #expect(try NDArray.linspace(0, 1, count: 4, endpoint: false).doubles == [0, 0.25, 0.5, 0.75])
    #expect(throws: ShapeError.self) { try NDArray.arange(start: .int(0), stop: .int(1), step: .int(0), dtype: nil) }
  }

  @Test func eyeWithOffsetDiagonal() throws {
    let shifted = try NDArray.eye(3, columns: 4, diagonal: 1)
    #expect(shifted.doubles == [0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1])
    #expect(try NDArray.eye(2).doubles == [1, 0, 0, 1])
  }

  @Test func nestedListsTakeNumPysDTypes() throws {
    let nested = NDArray.Nested.list([.list([.value(.int(1)), .value(.int(2))]), .list([.value(.int(3)), .value(.int(4))])])
    let array = try NDArray(nested: nested)
    #expect(array.shape == [2, 2])
    #expect(array.dtype == .int64)
    #expect(array.ints == [1, 2, 3, 4])
    #expect(try NDArray(nested: .list([.value(.int(1)), .value(.float(2.5))])).dtype == .float64)
    #expect(try NDArray(nested: .list([.value(.bool(true))])).dtype == .bool)
    #expect(try NDArray(nested: .value(.int(5))).shape == [])
    #expect(try NDArray(nested: .list([])).shape == [0])
    let ragged = NDArray.Nested.list([.list([.value(.int(1)), .value(.int(2))]), .list([.value(.int(3))])])
    #expect(throws: ShapeError.inhomogeneous(depth: 1)) { try NDArray(nested: ragged) }
  }
}

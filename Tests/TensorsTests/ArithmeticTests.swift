import Testing

@testable import Tensors

@Suite("Broadcasting arithmetic and element-wise math")
struct ArithmeticTests {
  let column = try! Tensor(shape: [3, 1], scalars: [1, 2, 3])
  let row = try! Tensor(shape: [2], scalars: [10, 20])

  @Test func broadcastsLikeNumPy() throws {
    let sum = try column + row
    #expect(sum.shape == [3, 2])
    #expect(sum.scalars == [11, 21, 12, 22, 13, 23])
    #expect(try (column - row).shape == [3, 2])
    #expect(try (Tensor(2) * row).scalars == [20, 40])
    #expect(try (row / Tensor(4)).scalars == [2.5, 5])
    #expect(try Tensor.broadcastShape([8, 1, 6, 1], [7, 1, 5]) == [8, 7, 6, 5])
    #expect(try Tensor.broadcastShape([0, 3], [1, 3]) == [0, 3])
  }

  @Test func incompatibleShapesNameBoth() {
    #expect(throws: ShapeError.broadcast(lhs: [3, 2], rhs: [3])) {
      try Tensor.zeros([3, 2]) + Tensor.zeros([3])
    }
    let message = ShapeError.broadcast(lhs: [4, 10, 8], rhs: [7]).description
    #expect(message == "operands could not be broadcast together with shapes (4, 10, 8) (7,)")
  }

  @Test func pythonDivisionAndRemainder() throws {
    let values = try Tensor(shape: [2], scalars: [-7, 7])
    #expect(try values.remainder(dividingBy: Tensor(shape: [2], scalars: [3, -3])).scalars == [2, -2])
    #expect(try values.floorDivided(by: Tensor(2)).scalars == [-4, 3])
    #expect(try row.pow(Tensor(2)).scalars == [100, 400])
    #expect((-row).scalars == [-10, -20])
  }

  /// `(-2.0) ** 2` was nan: RealModule's `pow` is undefined for negative bases.
  @Test func integralPowersOfNegativeBasesAreReal() throws {
    let bases = try Tensor(shape: [3], scalars: [-2, 3, -0.5])
    #expect(try bases.pow(Tensor(2)).scalars == [4, 9, 0.25])
    #expect(try bases.pow(Tensor(3)).scalars == [-8, 27, -0.125])
    #expect(bases.pow(scalar: 3).scalars == [-8, 27, -0.125])
    #expect(try bases.pow(Tensor(0.5)).scalars[0].isNaN, "a fractional power of a negative base")
    #expect(try Tensor(0).pow(Tensor(0)).scalars == [1])
  }

  /// `7 // 0.1` is 69 in Python and NumPy: the remainder of 7 by 0.1 is just under 0.1.
  @Test func floorDivisionFollowsTheRemainder() throws {
    #expect(try Tensor(7).floorDivided(by: Tensor(0.1)).scalars == [69])
    #expect(try Tensor(-0.0).remainder(dividingBy: Tensor(5)).scalars[0].sign == .plus)
    #expect(try Tensor(0).remainder(dividingBy: Tensor(-5)).scalars[0].sign == .minus)
  }

  @Test func comparisonsGiveOnesAndZeros() throws {
    let values = try Tensor(shape: [3], scalars: [1, 2, .nan])
    #expect(try values.compared(.greater, Tensor(1)).scalars == [0, 1, 0])
    #expect(try values.compared(.lessOrEqual, Tensor(2)).scalars == [1, 1, 0])
    #expect(try values.compared(.notEqual, Tensor(2)).scalars == [1, 0, 1])
  }

  @Test func allcloseFollowsNumPysRule() throws {
    let a = try Tensor(shape: [2], scalars: [1, 1e-9])
    #expect(try a.isClose(to: Tensor(shape: [2], scalars: [1.000001, 0])))
    #expect(try !a.isClose(to: Tensor(shape: [2], scalars: [1.0001, 0])))
    let nan = try Tensor(shape: [1], scalars: [.nan])
    #expect(try !nan.isClose(to: nan))
    #expect(try nan.isClose(to: nan, equalNaN: true))
    #expect(try Tensor(Float.infinity).isClose(to: Tensor(Float.infinity)))
  }

  @Test func elementwiseMath() throws {
    let values = try Tensor(shape: [3], scalars: [0, 1, 4])
    #expect(values.sqrt().scalars == [0, 1, 2])
    #expect(values.exp().scalars[0] == 1)
    #expect(abs(values.exp().scalars[1] - 2.7182817) < 1e-6)
    #expect(values.log().scalars[0] == -.infinity)
    #expect(try Tensor(shape: [2], scalars: [-2, 3]).abs().scalars == [2, 3])
    #expect(values.tanh().scalars[0] == 0)
    #expect(try Tensor(shape: [3], scalars: [0.5, 1.5, 2.5]).round().scalars == [0, 2, 2])
  }
}

@Suite("Reductions")
struct ReductionTests {
  let matrix = try! Tensor(shape: [2, 3], scalars: [1, 5, 2, 7, 0, 7])

  @Test func overAxesWithKeepdims() throws {
    #expect(try matrix.reduced(.sum, axes: [0]).scalars == [8, 5, 9])
    let means = try matrix.reduced(.mean, axes: [1], keepdims: true)
    #expect(means.shape == [2, 1])
    #expect(means.scalars == [2.6666667, 4.6666665])
    #expect(try matrix.reduced(.max, axes: [0, 1]).scalars == [7])
    #expect(try matrix.reduced(.min, axes: [-1]).scalars == [1, 0])
    #expect(try matrix.reduced(.sum).shape == [])
    #expect(try matrix.reduced(.sum, keepdims: true).shape == [1, 1])
  }

  @Test func standardDeviationIsPopulation() throws {
    #expect(try matrix.reduced(.std).scalars == [2.8087165])
  }

  @Test func argmaxTakesFirstMaximum() throws {
    #expect(try matrix.argmax().scalars == [3])
    #expect(try matrix.argmax(axis: 1).scalars == [1, 0])
    #expect(try matrix.argmax(axis: 0, keepdims: true).shape == [1, 3])
    let withNaN = try Tensor(shape: [3], scalars: [1, .nan, 9])
    #expect(try withNaN.argmax().scalars == [1])
  }

  @Test func nanPropagatesThroughMinAndMax() throws {
    let values = try Tensor(shape: [3], scalars: [1, .nan, 9])
    #expect(try values.reduced(.max).scalars[0].isNaN)
    #expect(try values.reduced(.min).scalars[0].isNaN)
  }

  @Test func emptyReductions() throws {
    let empty = try Tensor.zeros([0, 3])
    #expect(try empty.reduced(.sum, axes: [0]).scalars == [0, 0, 0])
    #expect(try empty.reduced(.max, axes: [1]).shape == [0])
    #expect(throws: ShapeError.emptyReduction(operation: "maximum")) { try empty.reduced(.max) }
    #expect(try empty.reduced(.mean).scalars[0].isNaN)
  }

  @Test func badAxes() {
    #expect(throws: ShapeError.axisOutOfRange(axis: 2, rank: 2)) { try matrix.reduced(.sum, axes: [2]) }
    #expect(throws: ShapeError.repeatedAxis(axis: 1)) { try matrix.reduced(.sum, axes: [1, -1]) }
  }
}

@Suite("Creation")
struct CreationTests {
  @Test func fillsAndRanges() throws {
    #expect(try Tensor.full([2, 2], value: 7).scalars == [7, 7, 7, 7])
    #expect(try Tensor.arange(0, 1, step: 0.1).scalars.count == 10)
    #expect(try Tensor.arange(0, 1, step: 0.1).scalars[3] == 0.3)
    #expect(try Tensor.arange(5, 0, step: -2).scalars == [5, 3, 1])
    #expect(try Tensor.arange(3, 1).count == 0)
    #expect(try Tensor.linspace(0, 1, count: 5).scalars == [0, 0.25, 0.5, 0.75, 1])
    #expect(try Tensor.linspace(0, 1, count: 4, endpoint: false).scalars == [0, 0.25, 0.5, 0.75])
    #expect(throws: ShapeError.self) { try Tensor.arange(0, 1, step: 0) }
  }

  @Test func eyeWithOffsetDiagonal() throws {
    let shifted = try Tensor.eye(3, columns: 4, diagonal: 1)
    #expect(shifted.scalars == [0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1])
    #expect(try Tensor.eye(2).scalars == [1, 0, 0, 1])
  }

  @Test func nestedLists() throws {
    let nested = Tensor.Nested.list([.list([.number(1), .number(2)]), .list([.number(3), .number(4)])])
    let tensor = try Tensor(nested: nested)
    #expect(tensor.shape == [2, 2])
    #expect(tensor.scalars == [1, 2, 3, 4])
    #expect(try Tensor(nested: .number(5)).shape == [])
    #expect(try Tensor(nested: .list([])).shape == [0])
    let ragged = Tensor.Nested.list([.list([.number(1), .number(2)]), .list([.number(3)])])
    #expect(throws: ShapeError.inhomogeneous(depth: 1)) { try Tensor(nested: ragged) }
    let mixed = Tensor.Nested.list([.number(1), .list([.number(3)])])
    #expect(throws: ShapeError.inhomogeneous(depth: 1)) { try Tensor(nested: mixed) }
  }
}

import Foundation
import TestSupport
import Testing

@testable import Script

/// `layer.get_config()` against Keras 3's own, from `Tests/Fixtures/make_config_fixtures.py`.
@Suite("get_config() as Keras writes it")
struct LayerConfigTests {
  struct Fixture: Decodable {
    struct Case: Decodable {
      var source: String
      var config: String
    }
    var keras: String
    var cases: [Case]
  }

  /// The fixture's reduction: the dtype policy to its dtype, other serialized objects to their
  /// class name.
  func reduced(_ config: Value) -> Value {
    guard case .dict(let entries) = config else { return config }
    return .dict(entries.map { entry in
      guard case .dict(let inner) = entry.value else { return entry }
      let pick: (String) -> Value? = { key in inner.first { $0.key.pythonEquals(.string(key)) }?.value }
      if entry.key.pythonEquals(.string("dtype")), case .dict(let policy)? = pick("config") {
        return DictEntry(key: entry.key, value: policy.first { $0.key.pythonEquals(.string("name")) }?.value ?? .none)
      }
      return DictEntry(key: entry.key, value: pick("class_name") ?? .none)
    })
  }

  @Test func everyLayerKindMatchesKeras() throws {
    let fixture = try Fixtures.json(Fixture.self, "layers", "configs.json")
    #expect(fixture.cases.count == 32, "the fixture lost cases")
    for test in fixture.cases {
      var interpreter = Interpreter(state: InterpreterState(seed: 0))
      _ = try interpreter.run(try Parser.parse("config = \(test.source).get_config()")[0])
      let config = try #require(interpreter.state.variables["config"])
      #expect(reduced(config).repr(.default) == test.config, "\(test.source)")
    }
  }

  @Test func dictsBehaveAsPythons() throws {
    #expect(try run("d = {'a': 1, 'b': [1, 2]}\nd['c'] = 3\nd['a'], len(d), 'b' in d, list(d), d.get('z', 0)").last
      == "(1, 3, True, ['a', 'b', 'c'], 0)")
    #expect(try run("d = {'a': 1, 'b': 2}\ndel d['a']\nd.update(c=3)\nd, d.pop('b'), d").suffix(1) == ["({'b': 2, 'c': 3}, 2, {'c': 3})"])
    #expect(try run("dict([('k', 1)], v=2), {(1, 2): 'x'}, {'a': 1} == {'a': 1}, bool({})").last
      == "({'k': 1, 'v': 2}, {(1, 2): 'x'}, True, False)")
    #expect(expectError(Marked("{‸[1]: 2}"))?.message == "unhashable type: 'list'")
    #expect(expectError(Marked("d = {}\nd[‸'missing']"))?.message == "KeyError: 'missing'")
    #expect(expectError(Marked("{1‸, 2}"))?.kind == .syntax)
  }

  @Test func listMethodsChangeTheNamedList() throws {
    #expect(try run("s = []\nfor k in (1, 3, 5): s.append(Conv2D(1, k)(zeros((1, 9, 9, 1))).shape[1])\n\ns").last == "[9, 7, 5]")
    #expect(try run("l = [3, 1, 2]\nl.extend([0])\nl.insert(0, 9)\nl.pop(), l.index(1), l.count(3)\nl.sort()\nl.reverse()\nl").suffix(2)
      == ["(0, 2, 1)", "[9, 3, 2, 1]"])
    #expect(try run("sorted([3, 1, 2], reverse=True), list(reversed('ab')), any([0, 1]), all([])").last
      == "([3, 2, 1], ['b', 'a'], True, True)")
    #expect(expectError(Marked("l = [1]\nl.remove(‸5)"))?.message == "5 is not in list")
  }
}

import Foundation

/// The committed fixtures under Tests/Fixtures, written by the generator scripts there
/// (make_fixtures.py: NumPy and Python; make_layer_fixtures.py: Keras and Paddle).
public enum Fixtures {
  public static let directory = repositoryRoot.appendingPathComponent("Tests").appendingPathComponent("Fixtures")

  public static func path(_ components: String...) -> String {
    components.reduce(directory) { $0.appendingPathComponent($1) }.path
  }

  /// Decodes the JSON file at `components` (a missing or malformed file throws, so the tests
  /// that take its cases fail instead of running none).
  public static func json<T: Decodable>(_ type: T.Type, _ components: String...) throws -> T {
    let url = components.reduce(directory) { $0.appendingPathComponent($1) }
    return try JSONDecoder().decode(T.self, from: Data(contentsOf: url))
  }

  public static func floats(fromBits bits: [UInt32]) -> [Float] { bits.map(Float.init(bitPattern:)) }
}

/// The plain-language reference of every layer (docs/layers.md), generated from the same
/// signatures that bind the arguments, so it cannot drift from the code.
extension LayerCatalog {
  public static func referenceMarkdown() -> String {
    var text = """
      # Layer reference

      Every layer convlab knows, with its arguments in order and their defaults. Keras layers take
      positional arguments in this order, or keywords (`strides=2` or `strides: 2`); every Keras
      layer also takes `name`, `input_shape`, `batch_size`, `dtype` and `trainable`. Regularizer and
      constraint arguments are accepted and shown in the layer's description, but convlab does not
      train, so they never change the output. This page is generated from the code
      (`LayerCatalog.referenceMarkdown()`); a test keeps it current.

      """
    for name in names {
      guard let signature = signature(name) else { continue }
      text += "\n## \(name)\n\n\(signature.summary).\n\n"
      text += "| argument | default | meaning |\n|---|---|---|\n"
      for parameter in signature.parameters {
        let fallback = parameter.defaultValue.map { "`\($0)`" } ?? "required"
        text += "| `\(parameter.name)` | \(fallback) | \(parameter.summary) |\n"
      }
      text += "\n```\n\(signature.example)\n```\n"
    }
    return text
  }
}

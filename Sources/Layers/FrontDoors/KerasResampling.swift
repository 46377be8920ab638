/// Keras's Cropping, ZeroPadding and UpSampling layers in 1-3 D.
enum KerasResampling {
  typealias P = LayerSignature.Parameter
  enum Family { case cropping, zeroPadding, upSampling }

  static func signature(_ name: String, rank: Int, family: Family) -> LayerSignature {
    let pairs: ArgumentValue = .sequence(Array(repeating: .sequence([.int(1), .int(1)]), count: rank))
    var parameters: [P]
    let summary: String
    switch family {
    case .cropping:
      let fallback: ArgumentValue = rank == 1
        ? .sequence([.int(1), .int(1)])
        : rank == 2 ? .sequence(Array(repeating: .sequence([.int(0), .int(0)]), count: 2)) : pairs
      parameters = [P("cropping", fallback, "cells removed: an int, one per axis, or ((before, after), …)")]
      summary = "\(rank)-D cropping: removes cells at the ends of each spatial axis"
    case .zeroPadding:
      let fallback: ArgumentValue = rank == 1 ? .int(1) : rank == 2 ? .sequence([.int(1), .int(1)]) : pairs
      parameters = [P("padding", fallback, "zeros added: an int, one per axis, or ((before, after), …)")]
      summary = "\(rank)-D zero padding: adds zeros at the ends of each spatial axis"
    case .upSampling:
      parameters = [P("size", KerasConvolution.tuple(2, rank), "repeat factor: an int, or one per spatial axis")]
      summary = "\(rank)-D upsampling: repeats (or interpolates) each spatial axis by `size`"
    }
    if !(family == .cropping && rank == 1) && !(family == .upSampling && rank == 1) {
      parameters.append(P("data_format", .null, "'channels_last' or 'channels_first'; None reads keras.json"))
    }
    if family == .upSampling && rank == 2 {
      parameters.append(P(
        "interpolation", .string("nearest"),
        "'nearest' repeats cells; 'bilinear', 'bicubic', 'lanczos3', 'lanczos5' interpolate with half-pixel centres"))
    }
    let dims = Array(repeating: 4, count: rank).map(String.init).joined(separator: ", ")
    return LayerSignature(
      name: name, summary: summary, parameters: parameters, layerKeywords: LayerSignature.kerasLayerKeywords,
      example: "x = rand(1, \(dims), 2)\ny = \(name)(\(family == .upSampling ? "2" : "1"))(x)")
  }

  static func make(
    _ name: String, rank: Int, family: Family, _ arguments: BoundArguments, defaultFormat: DataFormat
  ) throws(ArgumentError) -> Layer {
    let format = arguments.values["data_format"] == nil ? .channelsLast : try arguments.dataFormat(default: defaultFormat)
    let operation: ResampleSpec.Operation
    switch family {
    case .cropping:
      let pairs = try arguments.amountPairs("cropping", count: rank)
      operation = .crop(before: pairs.map(\.0), after: pairs.map(\.1))
    case .zeroPadding:
      let pairs = try arguments.amountPairs("padding", count: rank)
      operation = .zeroPad(before: pairs.map(\.0), after: pairs.map(\.1))
    case .upSampling:
      let factors = try arguments.intTuple("size", count: rank)
      var interpolation = ResampleSpec.Interpolation.nearest
      if rank == 2, let text = try arguments.string("interpolation") {
        guard let chosen = ResampleSpec.Interpolation(rawValue: text.lowercased()) else {
          let known = ResampleSpec.Interpolation.allCases.map { "'\($0.rawValue)'" }.joined(separator: ", ")
          throw ArgumentError(layer: name, argument: "interpolation", "must be one of \(known), received '\(text)'")
        }
        interpolation = chosen
      }
      operation = .upsample(factors: factors, interpolation: interpolation)
    }
    return Layer(
      typeName: name, name: try arguments.string("name") ?? snakeCase(name),
      operation: .resample(ResampleSpec(rank: rank, operation: operation, dataFormat: format)),
      inertArguments: arguments.inert(["dtype", "trainable", "batch_size"]),
      declaredInputShape: try arguments.inputShape())
  }
}

import Layers

/// What convlab covers, for names from other frameworks or other layer families: instead of a
/// near spelling (`MaxPooling2D` → "did you mean 'UpSampling2D'?"), say what the name is and
/// what convlab offers.
enum Coverage {
  /// convlab's layers, grouped as a sentence.
  static let offered =
    "convlab covers convolution layers: Conv1D–3D, Conv1D–3DTranspose, DepthwiseConv1D/2D, SeparableConv1D/2D, "
    + "UpSampling1D–3D, ZeroPadding1D–3D, Cropping1D–3D, MaxPooling1D–3D, AveragePooling1D–3D, their Global forms "
    + "and paddle.nn.Conv3DTranspose"

  private static let families: [(family: String, names: [String])] = [
    ("an adaptive or unusual pooling layer", ["AdaptiveAvgPool", "AdaptiveMaxPool", "AdaptiveAveragePooling", "AdaptiveMaxPooling",
      "LPPool", "MaxUnpool", "FractionalMaxPool"]),
    ("a dense layer", ["Dense", "Linear", "Bilinear", "EinsumDense"]),
    ("a normalization layer", ["BatchNormalization", "LayerNormalization", "GroupNormalization", "BatchNorm", "LayerNorm",
      "GroupNorm", "InstanceNorm", "UnitNormalization"]),
    ("a reshaping layer", ["Flatten", "Reshape", "Permute", "RepeatVector", "Unflatten"]),
    ("a regularization layer", ["Dropout", "SpatialDropout", "GaussianNoise", "GaussianDropout", "AlphaDropout"]),
    ("a recurrent layer", ["LSTM", "GRU", "SimpleRNN", "RNN", "ConvLSTM", "Bidirectional"]),
    ("an attention layer", ["Attention", "MultiHeadAttention", "AdditiveAttention", "Transformer"]),
    ("an activation layer", ["ReLU", "LeakyReLU", "PReLU", "ELU", "Softmax", "Activation", "Sigmoid", "Tanh", "GELU"]),
    ("a merging layer", ["Concatenate", "Add", "Multiply", "Average", "Maximum", "Subtract", "Dot"]),
    ("an embedding layer", ["Embedding"]),
  ]

  /// PyTorch's convolution names and convlab's Keras counterpart.
  private static let torchConvolutions: [String: String] = [
    "Conv1d": "Conv1D", "Conv2d": "Conv2D", "Conv3d": "Conv3D",
    "ConvTranspose1d": "Conv1DTranspose", "ConvTranspose2d": "Conv2DTranspose", "ConvTranspose3d": "Conv3DTranspose",
    "Upsample": "UpSampling2D", "ZeroPad2d": "ZeroPadding2D",
    "MaxPool1d": "MaxPooling1D", "MaxPool2d": "MaxPooling2D", "MaxPool3d": "MaxPooling3D",
    "AvgPool1d": "AveragePooling1D", "AvgPool2d": "AveragePooling2D", "AvgPool3d": "AveragePooling3D",
  ]

  /// Paddle's convolutions other than Conv3DTranspose.
  private static let paddleConvolutions: [String: String] = [
    "Conv1D": "Conv1D", "Conv2D": "Conv2D", "Conv3D": "Conv3D", "Conv1DTranspose": "Conv1DTranspose",
    "Conv2DTranspose": "Conv2DTranspose", "Upsample": "UpSampling2D",
    "MaxPool1D": "MaxPooling1D", "MaxPool2D": "MaxPooling2D", "MaxPool3D": "MaxPooling3D",
    "AvgPool1D": "AveragePooling1D", "AvgPool2D": "AveragePooling2D", "AvgPool3D": "AveragePooling3D",
  ]

  /// Why `name` (looked up in `module`, or globally) is not here, and what is; nil when the
  /// name is not one convlab knows of.
  static func explanation(for name: String, in module: String? = nil) -> String? {
    if let keras = torchConvolutions[name] {
      if LayerCatalog.canonicalName("torch.nn.\(name)") != nil {
        return "'\(name)' is PyTorch's: `import torch.nn as nn` first (until then nn is Paddle's, as in earlier sessions), or write torch.nn.\(name)"
      }
      return "'\(name)' is PyTorch's (torch.nn.\(name), NCHW), which convlab does not have yet; Keras's \(keras) is the same layer (channels_last, or data_format='channels_first')"
    }
    if module == "paddle.nn", let keras = paddleConvolutions[name] {
      return "convlab has Paddle's Conv3DTranspose only; Keras's \(keras) is the same layer (channels_last by default, or data_format='channels_first')"
    }
    let stem = name.filter { !$0.isNumber }.replacingOccurrences(of: "Dd", with: "D")
    for (family, names) in families {
      for candidate in names where stem == candidate || stem == candidate + "D" || stem == candidate + "d" {
        return "'\(name)' is \(family), which convlab does not have; \(offered)"
      }
    }
    return nil
  }
}

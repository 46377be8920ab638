/// The methods and attributes of each kind of value, declared once: attribute lookup, "did you
/// mean", completion, `dir`, `help(x.method)` and which calls change their receiver all read
/// this table. Each example makes a receiver and uses the member.
struct Member: Sendable {
  enum Kind: Sendable { case method, attribute }

  let kind: Kind
  let name: String
  /// As the framework writes it: `reshape(shape)`; for an attribute, its name.
  let signature: String
  let summary: String
  let example: String
  /// A method that changes its receiver: called on a name, the changed value is stored back.
  let changesReceiver: Bool

  static func method(_ signature: String, _ summary: String, example: String, changes: Bool = false) -> Member {
    Member(kind: .method, name: String(signature.prefix { $0 != "(" }), signature: signature, summary: summary, example: example, changesReceiver: changes)
  }

  static func attribute(_ name: String, _ summary: String, example: String) -> Member {
    Member(kind: .attribute, name: name, signature: name, summary: summary, example: example, changesReceiver: false)
  }
}

enum Members {
  enum Receiver: Sendable, CaseIterable { case array, dtype, symbolic, layer, model, string, list, dict }

  static func receiver(of value: Value) -> Receiver? {
    switch value {
    case .array: return .array
    case .dtype: return .dtype
    case .symbolic: return .symbolic
    case .layer: return .layer
    case .model: return .model
    case .string: return .string
    case .list: return .list
    case .dict: return .dict
    default: return nil
    }
  }

  static func all(of value: Value) -> [Member] { receiver(of: value).flatMap { table[$0] } ?? [] }
  static func names(for value: Value) -> [String] { all(of: value).filter { $0.kind == .method }.map(\.name) }
  static func attributes(for value: Value) -> [String] { all(of: value).filter { $0.kind == .attribute }.map(\.name) }
  static func member(_ value: Value, _ name: String) -> Member? { all(of: value).first { $0.name == name } }

  static let table: [Receiver: [Member]] = [
    .array: arrayMembers, .dtype: dtypeMembers, .symbolic: symbolicMembers, .layer: layerMembers, .model: modelMembers,
    .string: stringMembers, .list: listMembers, .dict: dictMembers,
  ]

  static let arrayMembers: [Member] = [
    .attribute("shape", "the extents, a tuple", example: "np.zeros((2, 3)).shape"),
    .attribute("ndim", "the number of axes", example: "np.zeros((2, 3)).ndim"),
    .attribute("size", "the number of elements", example: "np.zeros((2, 3)).size"),
    .attribute("dtype", "the element type", example: "np.zeros(2, dtype='float32').dtype"),
    .attribute("itemsize", "bytes per element", example: "np.zeros(2).itemsize"),
    .attribute("nbytes", "bytes of all elements", example: "np.zeros((2, 3)).nbytes"),
    .attribute("strides", "bytes to step along each axis", example: "np.zeros((2, 3)).strides"),
    .attribute("T", "the axes reversed", example: "np.arange(6).reshape(2, 3).T"),
    .method("reshape(*shape)", "the same elements in a new shape; one extent may be -1", example: "np.arange(6).reshape(2, -1)"),
    .method("transpose(*axes)", "the axes permuted (reversed without axes)", example: "np.zeros((2, 3, 4)).transpose(2, 0, 1).shape"),
    .method("sum(axis=None, dtype=None, keepdims=False)", "the sum, as np.sum", example: "np.arange(6).reshape(2, 3).sum(axis=0)"),
    .method("prod(axis=None, dtype=None, keepdims=False)", "the product, as np.prod", example: "np.arange(1, 5).prod()"),
    .method("mean(axis=None, dtype=None, keepdims=False)", "the mean, as np.mean", example: "np.arange(6).reshape(2, 3).mean(axis=1)"),
    .method("std(axis=None, dtype=None, ddof=0, keepdims=False)", "the standard deviation, as np.std", example: "np.arange(4).std()"),
    .method("var(axis=None, dtype=None, ddof=0, keepdims=False)", "the variance, as np.var", example: "np.arange(4).var(ddof=1)"),
    .method("max(axis=None, keepdims=False)", "the largest element, as np.max", example: "np.arange(6).reshape(2, 3).max(axis=1)"),
    .method("min(axis=None, keepdims=False)", "the smallest element, as np.min", example: "np.arange(6).min()"),
    .method("argmax(axis=None, keepdims=False)", "where the largest element is, as np.argmax", example: "np.array([3, 9, 2]).argmax()"),
    .method("argmin(axis=None, keepdims=False)", "where the smallest element is, as np.argmin", example: "np.array([3, 9, 2]).argmin()"),
    .method("any(axis=None, keepdims=False)", "whether any element is true, as np.any", example: "np.array([0, 1]).any()"),
    .method("all(axis=None, keepdims=False)", "whether every element is true, as np.all", example: "np.array([0, 1]).all()"),
    .method("cumsum(axis=None, dtype=None)", "running sums, as np.cumsum", example: "np.arange(4).cumsum()"),
    .method("cumprod(axis=None, dtype=None)", "running products, as np.cumprod", example: "np.arange(1, 5).cumprod()"),
    .method("squeeze(axis=None)", "length-1 axes removed, as np.squeeze", example: "np.zeros((1, 3, 1)).squeeze().shape"),
    .method("flatten()", "a 1-d copy in row-major order", example: "np.arange(6).reshape(2, 3).flatten()"),
    .method("ravel()", "the elements as one axis, as np.ravel", example: "np.arange(6).reshape(2, 3).ravel()"),
    .method("copy()", "a copy", example: "np.arange(3).copy()"),
    .method("astype(dtype)", "the elements cast to dtype", example: "np.arange(3).astype('float32')"),
    .method("item()", "the one element as a Python number", example: "np.array([[2.5]]).item()"),
    .method("tolist()", "the elements as nested Python lists", example: "np.arange(4).reshape(2, 2).tolist()"),
    .method("clip(min=None, max=None)", "values limited to [min, max], as np.clip", example: "np.arange(6).clip(1, 4)"),
    .method("round(decimals=0)", "rounded, halves to even, as np.round", example: "np.array([0.5, 1.25]).round(1)"),
    .method("argsort(axis=-1)", "the positions that sort the array, as np.argsort", example: "np.array([3, 1, 2]).argsort()"),
    .method("nonzero()", "the positions of non-zero elements, one array per axis", example: "np.array([0, 2, 0, 3]).nonzero()"),
    .method("repeat(repeats, axis=None)", "each element repeated, as np.repeat", example: "np.arange(3).repeat(2)"),
    .method("swapaxes(axis1, axis2)", "two axes exchanged, as np.swapaxes", example: "np.zeros((2, 3, 4)).swapaxes(0, 2).shape"),
    .method("dot(b)", "the dot product, as np.dot", example: "np.arange(3).dot(np.arange(3))"),
    .method("numpy()", "the array itself (PyTorch's and Paddle's Tensor.numpy())", example: "np.arange(3).numpy()"),
    .method("detach()", "the array itself (PyTorch's Tensor.detach(): nothing to detach here)", example: "np.arange(3).detach()"),
    .method("cpu()", "the array itself (PyTorch's Tensor.cpu(): convlab runs on the CPU)", example: "np.arange(3).cpu()"),
    .method("view(*shape)", "the same elements in another shape (PyTorch's view; with no shape, the array itself)", example: "torch.arange(6).view(2, 3)"),
    // PyTorch's Tensor methods.
    .method("size(dim=None)", "the shape (PyTorch's x.size()); with dim, that extent. x.size without the call is NumPy's element count", example: "torch.zeros(2, 3).size(1)"),
    .method("dim()", "the number of axes (PyTorch)", example: "torch.zeros(2, 3).dim()"),
    .method("numel()", "the number of elements (PyTorch)", example: "torch.zeros(2, 3).numel()"),
    .method("unsqueeze(dim)", "a length-1 axis inserted at dim (PyTorch)", example: "torch.zeros(2, 3).unsqueeze(0).shape"),
    .method("permute(*dims)", "the axes in the order given (PyTorch)", example: "torch.zeros(1, 3, 4, 5).permute(0, 2, 3, 1).shape"),
    .method("contiguous()", "the tensor itself (PyTorch: convlab's arrays are always usable)", example: "torch.zeros(2).contiguous()"),
    .method("clone()", "the tensor itself: values never alias in convlab (PyTorch)", example: "torch.zeros(2).clone()"),
    .method("float()", "as float32 (PyTorch)", example: "torch.arange(3).float()"),
    .method("double()", "as float64 (PyTorch)", example: "torch.arange(3).double()"),
    .method("long()", "as int64 (PyTorch)", example: "torch.zeros(2).long()"),
    .method("int()", "as int32 (PyTorch)", example: "torch.zeros(2).int()"),
    .method("half()", "as float16 (PyTorch)", example: "torch.zeros(2).half()"),
    .method("bool()", "as bool (PyTorch)", example: "torch.zeros(2).bool()"),
  ]

  static let dtypeMembers: [Member] = [
    .attribute("name", "the dtype's name", example: "np.zeros(2).dtype.name"),
    .attribute("itemsize", "bytes per element", example: "np.dtype('float16').itemsize"),
    .attribute("kind", "'f' float, 'i' signed, 'u' unsigned, 'b' bool", example: "np.dtype('int8').kind"),
    .attribute("str", "the array-protocol type string", example: "np.dtype('float32').str"),
  ]

  static let symbolicMembers: [Member] = [
    .attribute("shape", "the extents, None where unknown", example: "Input((28, 28, 3)).shape"),
    .attribute("ndim", "the number of axes, batch included", example: "Input((28, 28, 3)).ndim"),
    .attribute("dtype", "float32", example: "Input((8,)).dtype"),
  ]

  private static let built = "l = Conv2D(2, 3)\ny = l(np.zeros((1, 5, 5, 1)))\n"

  static let layerMembers: [Member] = [
    .attribute("name", "the layer's name in the session", example: "Conv2D(2, 3).name"),
    .attribute("built", "whether the weights exist", example: "Conv2D(2, 3).built"),
    .attribute("weights", "the weight tensors, as get_weights()", example: built + "l.weights"),
    .attribute("kernel", "Keras's kernel tensor", example: built + "l.kernel.shape"),
    .attribute("bias", "Keras's bias tensor (None without use_bias)", example: built + "l.bias"),
    .attribute("depthwise_kernel", "a depthwise or separable layer's depthwise kernel", example: "s = SeparableConv2D(4, 3)\ny = s(np.zeros((1, 5, 5, 2)))\ns.depthwise_kernel.shape"),
    .attribute("pointwise_kernel", "a separable layer's 1×1 kernel", example: "s = SeparableConv2D(4, 3)\ny = s(np.zeros((1, 5, 5, 2)))\ns.pointwise_kernel.shape"),
    .attribute("weight", "Paddle's weight tensor", example: "c = paddle.nn.Conv3DTranspose(2, 3, 3)\ny = c(np.zeros((1, 2, 4, 4, 4)))\nc.weight.shape"),
    .attribute("input_shape", "the input_shape given, batch first", example: "Conv2D(2, 3, input_shape=(8, 8, 3)).input_shape"),
    .attribute("filters", "output channels", example: "Conv2D(8, 3).filters"),
    .attribute("kernel_size", "the window per spatial axis", example: "Conv2D(8, 3).kernel_size"),
    .attribute("strides", "the step per spatial axis", example: "Conv2D(8, 3, strides=2).strides"),
    .attribute("padding", "'valid', 'same', 'causal', or a resampling layer's pairs", example: "ZeroPadding2D(1).padding"),
    .attribute("dilation_rate", "the gap between taps per spatial axis", example: "Conv2D(8, 3, dilation_rate=2).dilation_rate"),
    .attribute("groups", "channel groups", example: "Conv2D(8, 3, groups=2).groups"),
    .attribute("depth_multiplier", "outputs per input channel of a depthwise step", example: "DepthwiseConv2D(3, depth_multiplier=2).depth_multiplier"),
    .attribute("data_format", "'channels_last' or 'channels_first'", example: "Conv2D(8, 3).data_format"),
    .attribute("use_bias", "whether a bias is added", example: "Conv2D(8, 3, use_bias=False).use_bias"),
    .attribute("activation", "the activation's name", example: "Conv2D(8, 3, activation='relu').activation"),
    .attribute("output_padding", "a transposed layer's extra output cells, or None", example: "Conv2DTranspose(2, 3, strides=2, output_padding=1).output_padding"),
    .attribute("size", "an upsampling layer's factors", example: "UpSampling2D((2, 3)).size"),
    .attribute("interpolation", "an upsampling layer's interpolation", example: "UpSampling2D(2, interpolation='bilinear').interpolation"),
    .attribute("cropping", "a cropping layer's pairs", example: "Cropping2D(((1, 2), (0, 1))).cropping"),
    .method("get_weights()", "the weights as tensors, in Keras's order", example: built + "[w.shape for w in l.get_weights()]"),
    .method("state_dict()", "PyTorch's {'weight': …, 'bias': …}", example: "torch.nn.Conv2d(3, 8, 3).state_dict()['weight'].shape"),
    .method("load_state_dict(state_dict)", "PyTorch's: replace the weights from a dict of tensors of the same shapes", example: "m = torch.nn.Conv2d(3, 8, 3)\nm.load_state_dict(m.state_dict())", changes: true),
    .attribute("in_channels", "PyTorch's input channels", example: "torch.nn.Conv2d(3, 8, 3).in_channels"),
    .attribute("out_channels", "PyTorch's output channels", example: "torch.nn.Conv2d(3, 8, 3).out_channels"),
    .attribute("padding_mode", "PyTorch's padding_mode", example: "torch.nn.Conv2d(3, 8, 3, padding_mode='reflect').padding_mode"),
    .method("set_weights(weights)", "replace the weights with a list of tensors of the same shapes", example: built + "l.set_weights(l.get_weights())", changes: true),
    .method("count_params()", "how many weights", example: built + "l.count_params()"),
    .method("compute_output_shape(input_shape)", "the output shape for an input shape (batch first)", example: "Conv2D(8, 3).compute_output_shape((None, 28, 28, 3))"),
    .method("build(input_shape)", "make the weights for an input shape", example: "l = Conv2D(8, 3)\nl.build((None, 28, 28, 3))\nl.built", changes: true),
    .method("summary(line_length=None)", "Keras's summary table of this layer alone", example: built + "l.summary()"),
    .method("get_config()", "the constructor's arguments as Keras's get_config() writes them", example: "Conv2D(8, 3).get_config()['kernel_size']"),
  ]

  private static let model = "model = Sequential([Conv2D(8, 3, input_shape=(28, 28, 3)), UpSampling2D(2)])\n"

  static let modelMembers: [Member] = [
    .attribute("name", "the model's name", example: model + "model.name"),
    .attribute("layers", "the layers, in order", example: model + "[l.name for l in model.layers]"),
    .attribute("output_shape", "the output shape, batch None", example: model + "model.output_shape"),
    .attribute("input_shape", "the input shape, batch None", example: model + "model.input_shape"),
    .method("add(layer)", "append a layer (refused if it cannot follow the last)", example: model + "model.add(Conv2D(4, 3))", changes: true),
    .method("pop()", "remove and return the last layer", example: model + "model.pop()", changes: true),
    .method("summary(line_length=None)", "Keras's table of layers, output shapes and parameters, with Mult-Adds", example: model + "model.summary(line_length=70)"),
    .method("count_params()", "how many weights in all layers", example: model + "model.count_params()"),
    .method("predict(x)", "the model applied to x (as calling it)", example: model + "model.predict(np.zeros((1, 28, 28, 3))).shape"),
    .method("get_weights()", "every layer's weights, in order", example: model + "y = model(np.zeros((1, 28, 28, 3)))\nlen(model.get_weights())"),
  ]

  static let stringMembers: [Member] = [
    .method("upper()", "in upper case", example: "'conv'.upper()"),
    .method("lower()", "in lower case", example: "'CONV'.lower()"),
    .method("strip(chars=None)", "without leading and trailing whitespace (or chars)", example: "'  x '.strip()"),
    .method("lstrip(chars=None)", "without leading whitespace (or chars)", example: "'  x'.lstrip()"),
    .method("rstrip(chars=None)", "without trailing whitespace (or chars)", example: "'x  '.rstrip()"),
    .method("split(sep=None, maxsplit=-1)", "the pieces between separators (runs of whitespace without sep)", example: "'a,b,c'.split(',')"),
    .method("join(iterable)", "the strings joined with this one between", example: "', '.join(['a', 'b'])"),
    .method("replace(old, new)", "every old replaced by new", example: "'conv2d_1'.replace('_', '-')"),
    .method("startswith(prefix)", "whether it starts with prefix (or one of a tuple)", example: "'conv2d'.startswith('conv')"),
    .method("endswith(suffix)", "whether it ends with suffix (or one of a tuple)", example: "'w.npy'.endswith('.npy')"),
    .method("find(sub)", "where sub first starts, or -1", example: "'conv2d'.find('2')"),
    .method("count(sub)", "how many times sub occurs", example: "'aaa'.count('a')"),
    .method("format(*args, **kwargs)", "fields {} filled as an f-string fills them", example: "'{} x {:.2f}'.format(3, 0.5)"),
    .method("title()", "each word capitalized", example: "'same padding'.title()"),
    .method("capitalize()", "the first character upper case, the rest lower", example: "'conv'.capitalize()"),
    .method("isdigit()", "whether every character is a digit", example: "'42'.isdigit()"),
    .method("zfill(width)", "padded with zeros on the left to width", example: "'7'.zfill(3)"),
    .method("ljust(width, fillchar=' ')", "padded on the right to width", example: "'a'.ljust(3, '.')"),
    .method("rjust(width, fillchar=' ')", "padded on the left to width", example: "'a'.rjust(3, '.')"),
    .method("center(width, fillchar=' ')", "centered in width", example: "'a'.center(5, '*')"),
  ]

  static let listMembers: [Member] = [
    .method("append(object)", "add an item at the end", example: "l = [1]\nl.append(2)\nl", changes: true),
    .method("extend(iterable)", "add the items of an iterable at the end", example: "l = [1]\nl.extend((2, 3))\nl", changes: true),
    .method("insert(index, object)", "add an item before index", example: "l = [1, 3]\nl.insert(1, 2)\nl", changes: true),
    .method("pop(index=-1)", "remove and return the item at index (the last)", example: "l = [1, 2]\nl.pop()", changes: true),
    .method("remove(value)", "remove the first item equal to value", example: "l = [1, 2, 1]\nl.remove(1)\nl", changes: true),
    .method("reverse()", "reverse in place", example: "l = [1, 2]\nl.reverse()\nl", changes: true),
    .method("sort(*, reverse=False)", "sort in place, ascending", example: "l = [3, 1, 2]\nl.sort()\nl", changes: true),
    .method("clear()", "remove every item", example: "l = [1]\nl.clear()\nl", changes: true),
    .method("index(value)", "where the first item equal to value is", example: "[4, 5, 6].index(5)"),
    .method("count(value)", "how many items equal value", example: "[1, 2, 1].count(1)"),
    .method("copy()", "a shallow copy", example: "[1, 2].copy()"),
  ]

  static let dictMembers: [Member] = [
    .method("keys()", "the keys, in insertion order", example: "{'a': 1}.keys()"),
    .method("values()", "the values, in insertion order", example: "{'a': 1}.values()"),
    .method("items()", "(key, value) pairs", example: "{'a': 1}.items()"),
    .method("get(key, default=None)", "the value for key, or default", example: "{'a': 1}.get('b', 0)"),
    .method("pop(key, default)", "remove key and return its value (or default)", example: "d = {'a': 1}\nd.pop('a')", changes: true),
    .method("update(other=(), **kwargs)", "set the keys of other and the keywords", example: "d = {'a': 1}\nd.update(b=2)\nd", changes: true),
    .method("setdefault(key, default=None)", "the value for key, setting it to default when absent", example: "d = {}\nd.setdefault('a', 1)", changes: true),
    .method("clear()", "remove every key", example: "d = {'a': 1}\nd.clear()\nd", changes: true),
    .method("copy()", "a shallow copy", example: "{'a': 1}.copy()"),
  ]
}

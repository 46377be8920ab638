"""The benchmark suite of issue 6: (name, layer, constructor arguments, input shape)."""
CASES = [
    ("r50_conv1", "Conv2D", "64, 7, strides=2, padding='same'", (1, 224, 224, 3)),
    ("r50_3x3_56", "Conv2D", "64, 3, padding='same'", (8, 56, 56, 64)),
    ("r50_3x3_14", "Conv2D", "256, 3, padding='same'", (8, 14, 14, 256)),
    ("r50_3x3_7", "Conv2D", "512, 3, padding='same'", (8, 7, 7, 512)),
    ("r50_1x1", "Conv2D", "64, 1", (8, 56, 56, 256)),
    ("speech_5x20", "Conv2D", "32, (5, 20), strides=2", (4, 161, 700, 1)),
    ("mbv2_depthwise", "DepthwiseConv2D", "3, padding='same'", (8, 56, 56, 144)),
    ("separable", "SeparableConv2D", "256, 3, padding='same'", (8, 28, 28, 256)),
    ("resnext_grouped", "Conv2D", "128, 3, padding='same', groups=32", (8, 56, 56, 128)),
    ("tcn_dilated", "Conv1D", "256, 5, padding='same', dilation_rate=2", (8, 1024, 256)),
    ("dcgan_convT", "Conv2DTranspose", "128, 4, strides=2, padding='same'", (16, 16, 16, 256)),
    ("enet_convT", "Conv2DTranspose", "64, 3, strides=2, padding='same'", (4, 64, 64, 64)),
    ("unet3d_conv", "Conv3D", "32, 3, padding='same'", (1, 48, 48, 48, 32)),
    ("unet3d_convT", "Conv3DTranspose", "64, 2, strides=2", (1, 16, 16, 16, 128)),
    ("vnet_convT", "Conv3DTranspose", "32, 3, strides=2, padding='same'", (1, 24, 24, 24, 64)),
    ("docs_convT_relu", "Conv3DTranspose", "32, 2, strides=2, activation='relu'", (4, 10, 8, 12, 128)),
    ("upsample_bilinear", "UpSampling2D", "2, interpolation='bilinear'", (8, 56, 56, 64)),
]

# Shapes outside the suite (odd sizes, stride 3, kernels the stride does not divide, batch 1),
# to check the ratios do not depend on the suite's exact shapes: `peers.py --off-suite`.
OFF_SUITE = [
    ("odd_conv_s3", "Conv2D", "48, 5, strides=3, padding='same'", (1, 97, 131, 40)),
    ("odd_conv1d_s3", "Conv1D", "70, 7, strides=3", (1, 1001, 33)),
    ("odd_conv3d_s2", "Conv3D", "20, 3, strides=2", (1, 21, 25, 19, 12)),
    ("odd_depthwise_s2", "DepthwiseConv2D", "5, strides=2, padding='same'", (1, 75, 75, 96)),
    ("odd_convT_k3s2", "Conv2DTranspose", "40, 3, strides=2", (1, 33, 47, 24)),
    ("odd_convT_k5s3", "Conv2DTranspose", "24, 5, strides=3, padding='same'", (2, 19, 23, 36)),
    # Issue 24's other shapes: a depth multiplier above 1 at stride 2, a 3-D conv with few
    # channels, a large dilation, a long 1-D signal.
    ("depthwise_m2_s2", "DepthwiseConv2D", "3, strides=2, depth_multiplier=2, padding='same'", (1, 112, 112, 32)),
    ("conv3d_few_k5", "Conv3D", "16, 5, padding='same'", (1, 32, 32, 32, 8)),
    ("dilated_d8", "Conv2D", "64, 3, dilation_rate=8, padding='same'", (1, 64, 64, 64)),
    ("long_conv1d", "Conv1D", "32, 9", (1, 65536, 16)),
]

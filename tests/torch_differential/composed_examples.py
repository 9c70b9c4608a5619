'''Hand-written composed torch scripts: the tutorial-style models that must pass cleanly
(CLEAN), and the issue's examples that torch rejects (BROKEN: each with the line the finding
must sit on, the forward's line calling the failing module). Every script binds ``model`` (or
only calls modules directly) and its input ``x``.'''

from __future__ import annotations

HEAD = "import torch\nimport torch.nn as nn\nimport torch.nn.functional as F\n\n"

RESNET = HEAD + '''
class BasicBlock(nn.Module):
    def __init__(self, cin, cout, stride=1):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, 3, stride=stride, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(cout)
        self.conv2 = nn.Conv2d(cout, cout, 3, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout)
        self.relu = nn.ReLU(inplace=True)
        self.shortcut = nn.Sequential()
        if stride != 1 or cin != cout:
            self.shortcut = nn.Sequential(
                nn.Conv2d(cin, cout, 1, stride=stride, bias=False), nn.BatchNorm2d(cout))

    def forward(self, x):
        identity = x
        out = self.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        out += self.shortcut(identity)
        return F.relu(out)


class ResNet(nn.Module):
    def __init__(self, num_classes=10):
        super().__init__()
        self.in_planes = 16
        self.stem = nn.Sequential(nn.Conv2d(3, 16, 3, padding=1, bias=False), nn.BatchNorm2d(16))
        self.layer1 = self._make_layer(16, 2, 1)
        self.layer2 = self._make_layer(32, 2, 2)
        self.pool = nn.AdaptiveAvgPool2d((1, 1))
        self.fc = nn.Linear(32, num_classes)

    def _make_layer(self, planes, blocks, stride):
        layers = [BasicBlock(self.in_planes, planes, stride)]
        self.in_planes = planes
        for _ in range(1, blocks):
            layers.append(BasicBlock(planes, planes))
        return nn.Sequential(*layers)

    def _features(self, x):
        x = F.relu(self.stem(x))
        x = self.layer1(x)
        return self.layer2(x)

    def forward(self, x):
        x = self._features(x)
        x = self.pool(x)
        x = torch.flatten(x, 1)
        return self.fc(x)


model = ResNet()
x = torch.randn(2, 3, 32, 32)
out = model(x)
'''

VGG = HEAD + '''
class SmallVGG(nn.Module):
    def __init__(self, num_classes=10):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(3, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(32, 64, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        )
        self.classifier = nn.Sequential(
            nn.Flatten(),
            nn.Linear(64 * 8 * 8, 256), nn.ReLU(), nn.Dropout(0.5),
            nn.Linear(256, num_classes),
        )

    def forward(self, x):
        x = self.features(x)
        x = self.classifier(x)
        return x


model = SmallVGG()
x = torch.randn(8, 3, 32, 32)
out = model(x)
'''

UNET = HEAD + '''
def double_conv(cin, cout):
    return nn.Sequential(
        nn.Conv2d(cin, cout, 3, padding=1), nn.ReLU(inplace=True),
        nn.Conv2d(cout, cout, 3, padding=1), nn.ReLU(inplace=True),
    )


class UNet(nn.Module):
    def __init__(self, n_classes=2):
        super().__init__()
        self.down1 = double_conv(1, 16)
        self.down2 = double_conv(16, 32)
        self.pool = nn.MaxPool2d(2)
        self.up = nn.ConvTranspose2d(32, 16, 2, stride=2)
        self.dec = double_conv(32, 16)
        self.out = nn.Conv2d(16, n_classes, 1)

    def forward(self, x):
        skip = self.down1(x)
        x = self.down2(self.pool(skip))
        x = self.up(x)
        x = torch.cat([x, skip], dim=1)
        x = self.dec(x)
        return self.out(x)


model = UNet()
x = torch.randn(1, 1, 64, 64)
out = model(x)
'''

LSTM = HEAD + '''
class LSTMClassifier(nn.Module):
    def __init__(self, vocab_size, embed_dim, hidden, classes):
        super().__init__()
        self.embedding = nn.Embedding(vocab_size, embed_dim)
        self.lstm = nn.LSTM(embed_dim, hidden, batch_first=True)
        self.fc = nn.Linear(hidden, classes)

    def forward(self, x):
        x = self.embedding(x)
        out, (h, c) = self.lstm(x)
        return self.fc(h[-1])


model = LSTMClassifier(1000, 64, 128, 5)
x = torch.randint(0, 1000, (8, 20))
out = model(x)
'''

NESTED = HEAD + '''
class ConvBNReLU(nn.Module):
    def __init__(self, cin, cout):
        super().__init__()
        self.conv = nn.Conv2d(cin, cout, 3, padding=1)
        self.bn = nn.BatchNorm2d(cout)

    def forward(self, x):
        return torch.relu(self.bn(self.conv(x)))


class Stage(nn.Module):
    def __init__(self, cin, cout):
        super().__init__()
        self.blocks = nn.ModuleList([ConvBNReLU(cin, cout), ConvBNReLU(cout, cout)])
        self.pool = nn.MaxPool2d(2)

    def forward(self, x):
        for i, block in enumerate(self.blocks):
            x = block(x)
        return self.pool(x)


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.stages = nn.ModuleDict({"a": Stage(3, 16), "b": Stage(16, 32)})
        self.head = nn.Linear(32 * 8 * 8, 10)

    def forward(self, x):
        x = self.stages["a"](x)
        x = self.stages["b"](x)
        x = x.view(x.size(0), -1)
        return self.head(x)


def make_model():
    return Net()


model = make_model()
x = torch.randn(4, 3, 32, 32)
out = model(x)
'''

BUILDER = HEAD + '''
def make_mlp(n_in, hidden, n_out):
    layers = [nn.Linear(n_in, hidden), nn.ReLU()]
    layers += [nn.Linear(hidden, hidden), nn.ReLU()]
    layers.append(nn.Linear(hidden, n_out))
    return nn.Sequential(*layers)


model = make_mlp(20, 64, 3)
x = torch.randn(16, 20)
out = model(x)
'''

CLEAN = {"resnet": RESNET, "vgg": VGG, "unet": UNET, "lstm_classifier": LSTM,
         "nested_stages": NESTED, "builder_function": BUILDER}

# A Transformer-encoder-ish block: nn.MultiheadAttention is not modelled (an LL901 note says
# so; nothing after it is checked), never a false alarm.
ATTENTION = HEAD + '''
class EncoderBlock(nn.Module):
    def __init__(self, d_model, heads):
        super().__init__()
        self.attn = nn.MultiheadAttention(d_model, heads, batch_first=True)
        self.norm1 = nn.LayerNorm(d_model)
        self.ff = nn.Sequential(nn.Linear(d_model, 4 * d_model), nn.GELU(),
                                nn.Linear(4 * d_model, d_model))
        self.norm2 = nn.LayerNorm(d_model)

    def forward(self, x):
        attended, _ = self.attn(x, x, x)
        x = self.norm1(x + attended)
        return self.norm2(x + self.ff(x))


model = EncoderBlock(32, 4)
x = torch.randn(2, 10, 32)
out = model(x)
'''


def _broken(source: str, old: str, new: str) -> str:
    assert old in source, old
    return source.replace(old, new, 1)


def _line_of(source: str, text: str) -> int:
    (line,) = [i for i, s in enumerate(source.splitlines(), 1) if text in s]
    return line


_B = {
    # VGG-style: the classifier's in_features (a Sequential's child) is wrong; the finding is
    # on the forward's call of the Sequential.
    "vgg_classifier": (_broken(VGG, "nn.Linear(64 * 8 * 8, 256)", "nn.Linear(64 * 7 * 7, 256)"),
                       "x = self.classifier(x)"),
    # Three levels down: a ResNet block's second conv takes the wrong channels.
    "resnet_block_conv": (_broken(RESNET, "nn.Conv2d(cout, cout, 3, padding=1, bias=False)",
                                  "nn.Conv2d(cin, cout, 3, padding=1, bias=False)"),
                          "out = self.bn2(self.conv2(out))"),
    "resnet_fc": (_broken(RESNET, "nn.Linear(32, num_classes)", "nn.Linear(64, num_classes)"),
                  "return self.fc(x)"),
    # U-Net: the decoder forgets the skip connection's channels (cat gives 32).
    "unet_decoder": (_broken(UNET, "self.dec = double_conv(32, 16)",
                             "self.dec = double_conv(16, 16)"), "x = self.dec(x)"),
    "lstm_head": (_broken(LSTM, "nn.Linear(hidden, classes)", "nn.Linear(embed_dim, classes)"),
                  "return self.fc(h[-1])"),
    "nested_head": (_broken(NESTED, "nn.Linear(32 * 8 * 8, 10)", "nn.Linear(32 * 4 * 4, 10)"),
                    "return self.head(x)"),
    "nested_stage": (_broken(NESTED, 'Stage(16, 32)', 'Stage(8, 32)'),
                     "return torch.relu(self.bn(self.conv(x)))"),
    # A Sequential (no forward of the file's own) is reported at the module's definition.
    "builder_function": (_broken(BUILDER, "make_mlp(20, 64, 3)", "make_mlp(30, 64, 3)"),
                         "layers = [nn.Linear(n_in, hidden)"),
    # The function's own variable is not a second model (its body, read where it is defined,
    # stands for what the call returns): one finding.
    "builder_local_variable": (HEAD + "def make_model(n_in):\n"
                               "    net = nn.Sequential(nn.Linear(n_in, 32), nn.ReLU(), "
                               "nn.Linear(32, 2))\n    return net\n\n\nmodel = make_model(10)\n"
                               "x = torch.randn(4, 12)\nout = model(x)\n",
                               "    net = nn.Sequential("),
    # Modules called directly on tensors, outside any model.
    "direct_conv1d": (HEAD + "conv = nn.Conv1d(40, 16, 5)\nx = torch.randn(4, 200, 40)\n"
                      "out = conv(x)\n", "out = conv(x)"),
    "direct_linear": (HEAD + "y = nn.Linear(256, 2)(torch.randn(16, 100))\n",
                      "y = nn.Linear(256, 2)"),
    "direct_conv2d_image": (HEAD + "image = torch.rand(128, 128, 3)\n"
                            "features = nn.Conv2d(3, 32, 3)(image)\n", "features = nn.Conv2d"),
    "direct_flows_on": (HEAD + "conv = nn.Conv1d(40, 16, 5)\nlin = nn.Linear(200, 8)\n"
                        "x = torch.randn(4, 40, 200)\ny = conv(x)\nz = lin(y)\n", "z = lin(y)"),
}
BROKEN = {name: (source, _line_of(source, line)) for name, (source, line) in _B.items()}

# expect: LL102
# input: 4, 784
model = nn.Sequential(
    nn.Linear(784, 120),
    nn.ReLU(),
    nn.Linear(80, 10),
)

"""One GAN step per batch as in the DCGAN tutorial (dense version): the discriminator trained
on real and on detached fake samples, then the generator through the discriminator."""
import torch
import torch.nn as nn

nz, data_dim, batch_size = 8, 16, 32
netG = nn.Sequential(nn.Linear(nz, 32), nn.ReLU(), nn.Linear(32, data_dim), nn.Tanh())
netD = nn.Sequential(nn.Linear(data_dim, 32), nn.LeakyReLU(0.2), nn.Linear(32, 1), nn.Sigmoid())
criterion = nn.BCELoss()
optimizerD = torch.optim.Adam(netD.parameters(), lr=2e-4, betas=(0.5, 0.999))
optimizerG = torch.optim.Adam(netG.parameters(), lr=2e-4, betas=(0.5, 0.999))
real_label, fake_label = 1.0, 0.0

for iteration in range(5):
    real = torch.rand(batch_size, data_dim) * 2 - 1
    netD.zero_grad()
    label = torch.full((batch_size,), real_label)
    output = netD(real).view(-1)
    errD_real = criterion(output, label)
    errD_real.backward()
    noise = torch.randn(batch_size, nz)
    fake = netG(noise)
    label.fill_(fake_label)
    output = netD(fake.detach()).view(-1)
    errD_fake = criterion(output, label)
    errD_fake.backward()
    errD = errD_real + errD_fake
    optimizerD.step()

    netG.zero_grad()
    label.fill_(real_label)
    output = netD(fake).view(-1)
    errG = criterion(output, label)
    errG.backward()
    optimizerG.step()
    print(f"[{iteration}] Loss_D: {errD.item():.4f} Loss_G: {errG.item():.4f}")

using ILGPU;
using ILGPU.Runtime;
using OrleansBridge.Rendering.Gpu.Kernels;
using OrleansBridge.Rendering.Sampling;

namespace OrleansBridge.Tests.Rendering.Gpu;

public sealed class DeviceSamplerTests
{
    private const int Groups = 6;

    [Fact]
    public void DeviceSampler_OnTheCpuAccelerator_DrawsTheCpuSamplersNumbersBitForBit()
    {
        // The kernel's sampler is PixelSampler rewritten on scalars: for the same seed, pixel, sample and
        // group it must draw the same numbers, or a device render would not be the CPU's estimator.
        (int X, int Y, int N)[] cases = [(0, 0, 0), (3, 7, 1), (15, 2, 255), (1023, 511, 4096), (5, 5, 1 << 20)];
        const uint Seed = 77;
        var accelerator = GpuTestDevices.CpuAccelerator.Accelerator;
        using var sobol = accelerator.Allocate1D(Sobol4.FlatTable());
        using var input = accelerator.Allocate1D(cases.SelectMany(c => new[] { c.X, c.Y, c.N }).ToArray());
        using var output = accelerator.Allocate1D<float>(cases.Length * Groups * 4);
        var kernel = accelerator.LoadAutoGroupedStreamKernel<Index1D, uint, ArrayView<int>, ArrayView<uint>, ArrayView<float>>(Draw);
        kernel(cases.Length, Seed, input.View, sobol.View, output.View);
        accelerator.Synchronize();
        var device = output.GetAsArray1D();

        for (var c = 0; c < cases.Length; c++)
        {
            var sampler = new PixelSampler(Seed, cases[c].X, cases[c].Y, cases[c].N);
            for (var g = 0; g < Groups; g++)
            {
                var cpu = sampler.Next4D();
                var offset = 4 * ((c * Groups) + g);
                Assert.Equal([cpu.X, cpu.Y, cpu.Z, cpu.W], device[offset..(offset + 4)]);
            }
        }
    }

    private static void Draw(Index1D index, uint seed, ArrayView<int> input, ArrayView<uint> sobol, ArrayView<float> output)
    {
        var sampler = new DeviceSampler(seed, input[3 * index], input[(3 * index) + 1], input[(3 * index) + 2]);
        for (var g = 0; g < Groups; g++)
        {
            var u = sampler.Next4D(sobol);
            var offset = 4 * ((index * Groups) + g);
            output[offset] = u.X;
            output[offset + 1] = u.Y;
            output[offset + 2] = u.Z;
            output[offset + 3] = u.W;
        }
    }
}

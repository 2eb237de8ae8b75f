using Xunit;
using static ContinualCluster.Torch.torch;

namespace ContinualCluster.Torch.Tests;

public sealed class LoRATests
{
    [Fact]
    public void Fresh_adapter_with_B_zero_equals_the_base_layer()
    {
        manual_seed(3);
        using var scope = NewDisposeScope();
        using var baseLayer = nn.Linear(6, 4);
        var x = randn(5, 6);
        var expected = baseLayer.call(x);
        using var lora = nn.LoRALinear(baseLayer, rank: 2, alpha: 4);
        Assert.Equal(0f, lora.lora_B.abs().max().item<float>());
        Assert.NotEqual(0f, lora.lora_A.abs().max().item<float>());
        Assert.True(lora.call(x).equal(expected));
        Assert.False(lora.weight.requires_grad);
        Assert.True(lora.lora_A.requires_grad && lora.lora_B.requires_grad);
        Assert.Equal(new long[] { 2, 6 }, lora.lora_A.shape);
        Assert.Equal(new long[] { 4, 2 }, lora.lora_B.shape);
        Assert.Equal(2.0, lora.scaling);
    }

    [Fact]
    public void Merge_then_unmerge_restores_the_base_weight_and_merged_output_matches()
    {
        manual_seed(4);
        using var scope = NewDisposeScope();
        using var lora = nn.LoRALinear(16, 8, rank: 4, alpha: 8);
        using (no_grad()) lora.lora_B.normal_(0, 0.5);
        var original = lora.weight.clone();
        var x = randn(3, 16);
        var adapted = lora.call(x);
        lora.merge();
        Assert.True(lora.Merged);
        Assert.True(lora.call(x).allclose(adapted, rtol: 1e-5, atol: 1e-5));
        Assert.False(lora.weight.allclose(original));
        lora.unmerge();
        var maxErr = (lora.weight - original).abs().max().item<float>();
        Assert.True(maxErr <= 1e-6, $"max abs error after merge/unmerge: {maxErr}");
        Assert.Throws<InvalidOperationException>(() => lora.unmerge());
    }

    [Fact]
    public void Disable_removes_the_adapter_and_enable_restores_it()
    {
        manual_seed(5);
        using var scope = NewDisposeScope();
        using var lora = nn.LoRALinear(6, 3, rank: 2, alpha: 2);
        using (no_grad()) lora.lora_B.fill_(0.3);
        var x = randn(2, 6);
        var adapted = lora.call(x);
        var plain = nn.functional.linear(x, lora.weight, lora.bias);
        lora.disable();
        Assert.True(lora.call(x).equal(plain));
        lora.enable();
        Assert.True(lora.call(x).equal(adapted));
        Assert.False(adapted.allclose(plain));
    }

    [Fact]
    public void Training_updates_only_the_adapter()
    {
        manual_seed(6);
        using var scope = NewDisposeScope();
        using var lora = nn.LoRALinear(8, 3, rank: 2, alpha: 2);
        var w0 = lora.weight.clone();
        var b0 = lora.bias!.clone();
        using var opt = optim.SGD(lora.parameters().Where(p => p.requires_grad), 0.1);
        var x = randn(16, 8);
        var y = randint(3, new long[] { 16 });
        for (var i = 0; i < 5; i++)
        {
            opt.zero_grad();
            nn.functional.cross_entropy(lora.call(x), y).backward();
            opt.step();
        }
        Assert.True(lora.weight.equal(w0));
        Assert.True(lora.bias!.equal(b0));
        Assert.NotEqual(0f, lora.lora_B.abs().max().item<float>());
    }
}

using ContinualCluster.Torch.Modules;
using Xunit;
using static ContinualCluster.Torch.torch;

namespace ContinualCluster.Torch.Tests;

public sealed class ModuleTests
{
    private sealed class TwoLayer : nn.Module<Tensor, Tensor>
    {
        private readonly Linear fc1;
        private readonly Linear fc2;
        private readonly Parameter scale;

        public TwoLayer() : base(nameof(TwoLayer))
        {
            fc1 = nn.Linear(4, 8);
            fc2 = nn.Linear(8, 2);
            scale = nn.Parameter(ones(2));
            RegisterComponents();
        }

        public override Tensor forward(Tensor input)
        {
            using var h = fc1.call(input).relu();
            using var o = fc2.call(h);
            return o * scale;
        }
    }

    [Fact]
    public void RegisterComponents_finds_fields_and_names_parameters_by_path()
    {
        using var m = new TwoLayer();
        Assert.Equal(new[] { "scale", "fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias" }.OrderBy(x => x), m.named_parameters().Select(p => p.name).OrderBy(x => x));
        Assert.Equal(2, m.children().Count());
        Assert.Equal(4 * 8 + 8 + 8 * 2 + 2 + 2, m.NumberOfParameters());
        m.eval();
        Assert.False(m.training);
        Assert.All(m.children(), c => Assert.False(c.training));
        m.train();
        Assert.True(m.training);
        using var scope = NewDisposeScope();
        m.call(randn(3, 4)).sum().backward();
        Assert.All(m.parameters(), p => Assert.NotNull(p.grad));
        m.zero_grad();
        Assert.All(m.parameters(), p => Assert.Null(p.grad));
    }

    [Fact]
    public void Init_functions_fill_within_their_bounds()
    {
        using var scope = NewDisposeScope();
        var w = empty(new long[] { 64, 100 });
        nn.init.kaiming_uniform_(w);
        Assert.True(w.abs().max().item<float>() <= Math.Sqrt(6.0 / 100) + 1e-6);
        nn.init.zeros_(w);
        Assert.Equal(0f, w.abs().sum().item<float>());
        nn.init.xavier_uniform_(w);
        Assert.True(w.abs().max().item<float>() <= Math.Sqrt(6.0 / 164) + 1e-6);
    }

    [Fact]
    public void Adam_and_param_groups_follow_their_learning_rates()
    {
        manual_seed(14);
        using var a = nn.Parameter(ones(3));
        using var b = nn.Parameter(ones(3));
        using var opt = optim.Adam(new[] { new Optim.ParamGroup(new[] { a }, lr: 0.1), new Optim.ParamGroup(new[] { b }, lr: 0.0) });
        using (var scope = NewDisposeScope())
        {
            (a.sum() + b.sum()).backward();
            opt.step();
        }
        // Adam's first step moves every element by lr (the normalised gradient is 1).
        Assert.Equal(new[] { 0.9f, 0.9f, 0.9f }, a.data<float>().ToArray().Select(v => MathF.Round(v, 5)));
        Assert.Equal(new[] { 1f, 1f, 1f }, b.data<float>().ToArray());
        opt.ParamGroups[1].LearningRate = 0.5;
        opt.zero_grad();
        using (var scope = NewDisposeScope())
        {
            b.sum().backward();
            opt.step();
        }
        Assert.True(b.data<float>().ToArray().All(v => v < 1f));
    }
}

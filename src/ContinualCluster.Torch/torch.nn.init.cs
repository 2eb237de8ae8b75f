namespace ContinualCluster.Torch;

public static partial class torch
{
    public static partial class nn
    {
        /// <summary>In-place parameter initialisers (torch.nn.init), run without recording gradients.</summary>
        public static class init
        {
            public static Tensor uniform_(Tensor tensor, double low = 0, double high = 1) { using (no_grad()) return tensor.uniform_(low, high); }
            public static Tensor normal_(Tensor tensor, double mean = 0, double std = 1) { using (no_grad()) return tensor.normal_(mean, std); }
            public static Tensor zeros_(Tensor tensor) { using (no_grad()) return tensor.zero_(); }
            public static Tensor ones_(Tensor tensor) { using (no_grad()) return tensor.fill_(1); }
            public static Tensor constant_(Tensor tensor, double value) { using (no_grad()) return tensor.fill_(value); }

            /// <summary>Uniform in ±gain·√(3/fan_in) with gain √(2/(1+a²)) (PyTorch's default a = 0).</summary>
            public static Tensor kaiming_uniform_(Tensor tensor, double a = 0)
            {
                var (fanIn, _) = Fans(tensor);
                var bound = Math.Sqrt(2.0 / (1 + a * a)) * Math.Sqrt(3.0 / fanIn);
                return uniform_(tensor, -bound, bound);
            }

            public static Tensor kaiming_normal_(Tensor tensor, double a = 0)
            {
                var (fanIn, _) = Fans(tensor);
                return normal_(tensor, 0, Math.Sqrt(2.0 / (1 + a * a)) / Math.Sqrt(fanIn));
            }

            /// <summary>Uniform in ±gain·√(6/(fan_in + fan_out)).</summary>
            public static Tensor xavier_uniform_(Tensor tensor, double gain = 1)
            {
                var (fanIn, fanOut) = Fans(tensor);
                var bound = gain * Math.Sqrt(6.0 / (fanIn + fanOut));
                return uniform_(tensor, -bound, bound);
            }

            public static Tensor xavier_normal_(Tensor tensor, double gain = 1)
            {
                var (fanIn, fanOut) = Fans(tensor);
                return normal_(tensor, 0, gain * Math.Sqrt(2.0 / (fanIn + fanOut)));
            }

            private static (double fanIn, double fanOut) Fans(Tensor tensor)
            {
                var s = tensor.shape;
                if (s.Length < 2) throw new ArgumentException($"fan in and fan out need at least 2 dimensions, the tensor has shape [{string.Join(", ", s)}]");
                var receptive = s.Skip(2).Aggregate(1L, (x, y) => x * y);
                return (s[1] * receptive, s[0] * receptive);
            }
        }
    }
}

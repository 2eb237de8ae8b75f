namespace ContinualCluster.Torch;

public static partial class torch
{
    /// <summary>One component of an indexing expression: a single index, a slice, ..., None, a bool or an index tensor.</summary>
    public sealed class TensorIndex
    {
        internal enum Kind { Single = 0, Slice = 1, Ellipsis = 2, None = 3, Tensor = 4, Bool = 5 }

        private TensorIndex(Kind kind) => kind_ = kind;

        internal Kind kind_ { get; }
        internal long start_ { get; private init; }
        internal long? startOpt_ { get; private init; }
        internal long? stopOpt_ { get; private init; }
        internal long? stepOpt_ { get; private init; }
        internal Tensor? tensor_ { get; private init; }

        public static TensorIndex Single(long index) => new(Kind.Single) { start_ = index };
        public static TensorIndex Slice(long? start = null, long? stop = null, long? step = null) =>
            new(Kind.Slice) { startOpt_ = start, stopOpt_ = stop, stepOpt_ = step };
        public static TensorIndex Bool(bool value) => new(Kind.Bool) { start_ = value ? 1 : 0 };
        public static TensorIndex Tensor(Tensor index) => new(Kind.Tensor) { tensor_ = index };
        public static TensorIndex Ellipsis { get; } = new(Kind.Ellipsis);
        public static TensorIndex None { get; } = new(Kind.None);
        public static TensorIndex Colon { get; } = Slice();

        public static implicit operator TensorIndex(long index) => Single(index);
        public static implicit operator TensorIndex(int index) => Single(index);
        public static implicit operator TensorIndex(bool value) => Bool(value);
        public static implicit operator TensorIndex(Tensor index) => Tensor(index);
        public static implicit operator TensorIndex(Range range) => Slice(
            range.Start.IsFromEnd ? -range.Start.Value : range.Start.Value,
            range.End.IsFromEnd ? (range.End.Value == 0 ? null : -range.End.Value) : range.End.Value);

        public override string ToString() => kind_ switch
        {
            Kind.Single => start_.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Kind.Slice => $"{startOpt_}:{stopOpt_}" + (stepOpt_ is { } s ? $":{s}" : ""),
            Kind.Ellipsis => "...",
            Kind.None => "None",
            Kind.Bool => start_ != 0 ? "True" : "False",
            _ => "tensor",
        };
    }
}

using ContinualCluster.Torch.Interop;
using ContinualCluster.Torch.Optim;
using N = ContinualCluster.Torch.Interop.NativeMethods;

namespace ContinualCluster.Torch;

public static partial class torch
{
    public static partial class optim
    {
        /// <summary>A native optimizer: parameter groups and state live in the shim; step() updates everything in one call.</summary>
        public abstract class Optimizer : IDisposable
        {
            private readonly OptimizerHandle _handle;
            private readonly List<ParamGroup> _groups = new();
            private readonly string _name;

            private protected Optimizer(int kind, string name)
            {
                _name = name;
                var p = N.cc_optim_new(kind);
                if (p == IntPtr.Zero) throw Tensor.Error(name);
                _handle = new OptimizerHandle(p);
            }

            public IReadOnlyList<ParamGroup> ParamGroups => _groups;

            /// <summary>Adds a group; unset hyper-parameters take this optimizer's defaults.</summary>
            public abstract void add_param_group(ParamGroup group);

            private protected unsafe void AddGroup(ParamGroup group, double lr, double m1, double m2, double weightDecay, double eps, int flags)
            {
                ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
                if (!(lr >= 0)) throw new ArgumentOutOfRangeException(nameof(lr), lr, $"{_name}: learning rate must be ≥ 0");
                if (weightDecay < 0) throw new ArgumentOutOfRangeException(nameof(weightDecay), weightDecay, $"{_name}: weight decay must be ≥ 0");
                var handles = new IntPtr[group.Parameters.Count];
                for (var i = 0; i < handles.Length; i++) handles[i] = group.Parameters[i].H(_name).DangerousGetHandle();
                var hyper = stackalloc double[] { lr, m1, m2, weightDecay, eps };
                int index;
                fixed (IntPtr* ph = handles) index = N.cc_optim_add_group(_handle, ph, handles.Length, hyper, flags);
                GC.KeepAlive(group);
                if (index < 0) throw Tensor.Error($"{_name}.add_param_group", group.Parameters.ToArray());
                group.InitLearningRate(lr);
                group.OnLearningRateChanged = v => Tensor.Check(N.cc_optim_set_lr(_handle, index, v), $"{_name}.set_lr");
                _groups.Add(group);
            }

            /// <summary>Applies one update to every parameter that has a gradient (one native call).</summary>
            public virtual Tensor? step(Func<Tensor>? closure = null)
            {
                ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
                Tensor? loss = null;
                if (closure is not null)
                    using (enable_grad()) loss = closure();
                Tensor.Check(N.cc_optim_step(_handle), $"{_name}.step");
                return loss;
            }

            /// <summary>Clears the gradients of every parameter (dropped by default, as PyTorch 2 does).</summary>
            public virtual void zero_grad(bool set_to_none = true)
            {
                ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
                Tensor.Check(N.cc_optim_zero_grad(_handle, set_to_none), $"{_name}.zero_grad");
            }

            public void Dispose()
            {
                _handle.Dispose();
                GC.SuppressFinalize(this);
            }
        }
    }
}

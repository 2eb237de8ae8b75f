using System.Reflection;
using ContinualCluster.Torch.Modules;

namespace ContinualCluster.Torch;

public static partial class torch
{
    public static partial class nn
    {
        /// <summary>A network component with named parameters, buffers and sub-modules, and a train/eval mode.</summary>
        public abstract class Module : IDisposable
        {
            private readonly OrderedDictionary<string, Parameter?> _parameters = new();
            private readonly OrderedDictionary<string, Tensor> _buffers = new();
            private readonly OrderedDictionary<string, Module> _modules = new();
            private bool _disposed;

            protected Module(string name) => this.name = name;

            /// <summary>The module's type name as given to the constructor.</summary>
            public string name { get; }

            public string GetName() => name;

            /// <summary>True in training mode (dropout active), false after eval().</summary>
            public bool training { get; private set; } = true;

            public virtual void train(bool train = true)
            {
                training = train;
                foreach (var m in _modules.Values) m.train(train);
            }

            public virtual void eval() => train(false);

            public void register_parameter(string name, Parameter? param)
            {
                CheckName(name);
                _parameters[name] = param;
            }

            public void register_buffer(string name, Tensor tensor)
            {
                CheckName(name);
                tensor.DetachFromDisposeScope();
                _buffers[name] = tensor;
            }

            public void register_module(string name, Module module)
            {
                CheckName(name);
                _modules[name] = module;
            }

            private static void CheckName(string name)
            {
                if (string.IsNullOrEmpty(name) || name.Contains('.'))
                    throw new ArgumentException($"component name '{name}' must be non-empty and contain no '.'", nameof(name));
            }

            /// <summary>Registers every field holding a Module, Parameter or Tensor (a buffer), named after the field.</summary>
            protected void RegisterComponents()
            {
                for (var type = GetType(); type is not null && type != typeof(Module); type = type.BaseType)
                {
                    foreach (var f in type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
                    {
                        if (f.IsDefined(typeof(System.Runtime.CompilerServices.CompilerGeneratedAttribute))) continue;
                        var fieldName = f.Name.StartsWith('<') ? f.Name[1..f.Name.IndexOf('>')] : f.Name;
                        switch (f.GetValue(this))
                        {
                            case Module m when !_modules.ContainsKey(fieldName): register_module(fieldName, m); break;
                            case Modules.Parameter p when !_parameters.ContainsKey(fieldName): register_parameter(fieldName, p); break;
                            case Tensor t and not Modules.Parameter when !_buffers.ContainsKey(fieldName): register_buffer(fieldName, t); break;
                        }
                    }
                }
            }

            public IEnumerable<(string name, Parameter parameter)> named_parameters(bool recurse = true)
            {
                foreach (var (n, p) in _parameters)
                    if (p is not null) yield return (n, p);
                if (!recurse) yield break;
                foreach (var (mn, m) in _modules)
                    foreach (var (n, p) in m.named_parameters(true)) yield return ($"{mn}.{n}", p);
            }

            public IEnumerable<Parameter> parameters(bool recurse = true) => named_parameters(recurse).Select(np => np.parameter);

            public IEnumerable<(string name, Tensor buffer)> named_buffers(bool recurse = true)
            {
                foreach (var (n, b) in _buffers) yield return (n, b);
                if (!recurse) yield break;
                foreach (var (mn, m) in _modules)
                    foreach (var (n, b) in m.named_buffers(true)) yield return ($"{mn}.{n}", b);
            }

            public IEnumerable<Tensor> buffers(bool recurse = true) => named_buffers(recurse).Select(nb => nb.buffer);

            public IEnumerable<(string name, Module module)> named_children() => _modules.Select(kv => (kv.Key, kv.Value));

            public IEnumerable<Module> children() => _modules.Values;

            public IEnumerable<(string name, Module module)> named_modules()
            {
                yield return ("", this);
                foreach (var (cn, c) in _modules)
                    foreach (var (n, m) in c.named_modules()) yield return (n.Length == 0 ? cn : $"{cn}.{n}", m);
            }

            public IEnumerable<Module> modules() => named_modules().Select(nm => nm.module);

            public Module apply(Action<Module> fn)
            {
                foreach (var m in _modules.Values) m.apply(fn);
                fn(this);
                return this;
            }

            /// <summary>Clears every parameter's gradient (dropped by default, as PyTorch 2 does).</summary>
            public virtual void zero_grad(bool set_to_none = true) => ZeroGradients(parameters().ToList(), set_to_none);

            /// <summary>The parameters and buffers by dotted name: the module's own tensors, not copies.</summary>
            public Dictionary<string, Tensor> state_dict()
            {
                var d = new Dictionary<string, Tensor>();
                foreach (var (n, p) in named_parameters()) d[n] = p;
                foreach (var (n, b) in named_buffers()) d[n] = b;
                return d;
            }

            /// <summary>Copies values from <paramref name="source"/> into this module's tensors (shapes and dtypes must match).</summary>
            public (IList<string> missing_keys, IList<string> unexpected_keys) load_state_dict(IReadOnlyDictionary<string, Tensor> source, bool strict = true)
            {
                var own = state_dict();
                var missing = own.Keys.Where(k => !source.ContainsKey(k)).ToList();
                var unexpected = source.Keys.Where(k => !own.ContainsKey(k)).ToList();
                if (strict && (missing.Count > 0 || unexpected.Count > 0))
                    throw new ArgumentException($"load_state_dict into {name}: missing keys [{string.Join(", ", missing)}], unexpected keys [{string.Join(", ", unexpected)}]");
                foreach (var (k, target) in own)
                {
                    if (!source.TryGetValue(k, out var value)) continue;
                    if (!target.shape.SequenceEqual(value.shape) || target.dtype != value.dtype)
                        throw new ArgumentException($"load_state_dict into {name}: '{k}' is [{string.Join(", ", target.shape)}] {target.dtype} here but [{string.Join(", ", value.shape)}] {value.dtype} in the source");
                }
                using (no_grad())
                    foreach (var (k, target) in own)
                        if (source.TryGetValue(k, out var value)) target.copy_(value);
                return (missing, unexpected);
            }

            /// <summary>The number of trainable elements.</summary>
            public long NumberOfParameters(bool trainableOnly = false) =>
                parameters().Where(p => !trainableOnly || p.requires_grad).Sum(p => p.numel());

            protected virtual void Dispose(bool disposing)
            {
                if (_disposed || !disposing) return;
                _disposed = true;
                foreach (var m in _modules.Values) m.Dispose();
                foreach (var p in _parameters.Values) p?.Dispose();
                foreach (var b in _buffers.Values) b.Dispose();
            }

            public void Dispose()
            {
                Dispose(true);
                GC.SuppressFinalize(this);
            }
        }
    }
}

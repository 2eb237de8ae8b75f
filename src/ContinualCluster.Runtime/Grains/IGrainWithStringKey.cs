namespace ContinualCluster.Runtime;

/// <summary>A grain interface whose grains are identified by a string key; the source generator writes its proxy.</summary>
public interface IGrainWithStringKey : IGrain
{
}

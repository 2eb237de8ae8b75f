namespace ContinualCluster.Runtime;

/// <summary>Marks a grain interface; every grain reference implements it.</summary>
public interface IGrain
{
}

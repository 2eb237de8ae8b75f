namespace ContinualCluster.Learning.Unlearning.O3;

/// <summary>What a request keeps about one feature layer: mean, precision (d×d) and a bank of L2-normalised features (k×d).</summary>
public sealed record LayerStatistics(int Dim, float[] Mean, float[] Precision, float[] Bank, int BankSize);

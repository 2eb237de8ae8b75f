namespace ContinualCluster.Silo.Gateway;

/// <summary>What a bearer key may do; admin may do everything.</summary>
public enum ApiRole
{
    Ingest,
    Delete,
    Predict,
    Admin,
}

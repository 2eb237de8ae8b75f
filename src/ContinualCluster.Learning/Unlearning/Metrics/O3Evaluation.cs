namespace ContinualCluster.Learning.Unlearning.Metrics;

/// <summary>
/// O3 figures after some requests: S.U. (accuracy on the forget data used in training), D.U. (on held-out data of the
/// forgotten classes), retained-class accuracy before and after, gate AUROC (forgotten vs retained test inputs) and the
/// loss-threshold membership-inference AUC (forgotten training samples vs never-seen samples of the same classes).
/// </summary>
public sealed record O3Evaluation(
    string After,
    IReadOnlyList<int> ForgottenClasses,
    double SeenForgetAccuracy,
    double HeldOutForgetAccuracy,
    double HeldOutForgetAccuracyBefore,
    double RetainedAccuracyBefore,
    double RetainedAccuracy,
    double GateAuroc,
    double MembershipInferenceAuc,
    double MeanGateOnForgotten,
    double MeanGateOnRetained);

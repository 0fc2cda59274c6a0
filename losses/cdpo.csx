// losses/cdpo.csx: conservative DPO, DPO trained against labels that are wrong with probability ε.
// Mitchell 2023, "A note on DPO with noisy preferences & relationship to IPO": the expected DPO
// loss under label noise, L = −(1−ε) log σ(z) − ε log σ(−z), z = β(Δ_w − Δ_l) (dpo.csx eq. 7
// with smoothing). HALOs' cdpo defaults: β = 0.1, ε = 0.2. (dpo.csx with label_smoothing is the
// same formula; this file keeps HALOs' cdpo configuration one name away.)
Consumes(DataKind.Paired);
UsesReference();
var beta = Param("beta", 0.1, "inverse temperature of the implicit reward");
var eps = Param("epsilon", 0.2, "proportion of preference labels assumed wrong");

var chosen = PolicyChosen - ReferenceChosen;
var rejected = PolicyRejected - ReferenceRejected;
var z = beta * (chosen - rejected);
return Loss(-(1 - eps) * logsigmoid(z) - eps * logsigmoid(-z),
            chosenRewards: beta * chosen.detach(), rejectedRewards: beta * rejected.detach());

"""P4 · Predicting service demand: front matter and checked exercises."""

from __future__ import annotations

import pandas as pd

from bootcamp.chapters import Chapter
from bootcamp.exercises import ChoiceExercise, FunctionExercise, default_compare, subset_of
from solutions import service_demand

chapter = Chapter(
    code="P4",
    title="Predicting service demand",
    part="practice",
    week=None,
    minutes=135,
    notebook="book/practice/p4_service_demand.ipynb",
    questions=(
        "How many adults in each ward are likely to need adult social care?",
        "Which features can linked council data give a model, and how do we test the model honestly?",
        "What can such a model say, and what can it not?",
        "How do linkage errors change the model and the demand figures, and who do they leave out?",
    ),
    objectives=(
        "Build person, household and ward features from linked records (age, disability, benefits, shielding, "
        "household size).",
        "Fit a logistic regression with scikit-learn on a train/test split that keeps households whole, and compare "
        "it with a baseline to beat.",
        "Evaluate a model's ranking (AUC) and its probabilities (Brier score, calibration), and turn probabilities "
        "into expected numbers per ward.",
        "Build the same features from truth-linked and from your own linkage, and measure how linkage errors bias "
        "the model's estimates and the ward-level demand.",
        "State plainly what a predictive model can and cannot say, without causal claims, and name the fairness "
        "concerns of linked data.",
    ),
    prerequisites=(
        "I2 · Deterministic matching algorithms (match_key_cascade).",
        "P3 · Finding residents who need support (missed-match rates by subgroup) helps.",
        "Some scikit-learn: fit and predict_proba.",
    ),
    key_points=(
        "Linked data gives a model its features and, often, its target: every linkage error becomes a data error.",
        "Split by household (or ward), never by person, and always beat a simple baseline; here age alone does "
        "nearly as well as the full model.",
        "Expected numbers are sums of probabilities; check calibration before you use them.",
        "A predictive model describes associations in this population; it does not say what causes the need for "
        "care or what would happen if something changed.",
        "Missed links push demand estimates down, and they miss some groups more than others: measure the gap "
        "against truth (or a labelled sample) before the figures reach a budget.",
    ),
)

def series_with_index(answer, expected) -> str | None:
    """Accept the expected values *and* the expected index (here: the wards, sorted by name)."""
    problem = default_compare(answer, expected)
    if problem:
        return problem
    if list(answer.index) != list(expected.index):
        return f"the values are right but the index is {list(answer.index)[:6]}, not {list(expected.index)[:6]}"
    return None


# --- q1: household features -------------------------------------------------------------------------------------

_RESIDENTS = pd.DataFrame({
    "person_id": ["P1", "P2", "P3", "P4", "P5", "P6"],
    "household_id": ["H1", "H1", "H1", "H2", "H3", "H3"],
    "age": [78, 75, 12, 40, 90, 88],
    "disability": [0, 1, 0, 0, 1, 1],
})

q1 = FunctionExercise(
    label="p4-q1",
    title="Household features",
    reference=service_demand.household_features,
    cases=[
        _RESIDENTS,
        pd.concat([_RESIDENTS, _RESIDENTS.iloc[[0]]], ignore_index=True),  # a person listed twice
        _RESIDENTS.astype({"age": str, "disability": str}).iloc[[3, 0, 1]],  # text, as load() gives it
    ],
    golden=[
        (_RESIDENTS, pd.DataFrame({"household_id": ["H1", "H2", "H3"], "household_size": [3, 1, 2],
                                   "over_75s": [2, 0, 2], "any_disability": [1, 0, 1]})),
        (_RESIDENTS.astype({"age": str, "disability": str}).iloc[[3, 0, 1]],
         pd.DataFrame({"household_id": ["H1", "H2"], "household_size": [2, 1], "over_75s": [2, 0],
                       "any_disability": [1, 0]})),
    ],
    wrong=[
        "import pandas as pd\n\n"
        "def household_features(residents):\n"
        "    # a person listed twice is counted twice\n"
        "    age = pd.to_numeric(residents['age'])\n"
        "    g = residents.assign(o=(age >= 75).astype(int), d=pd.to_numeric(residents['disability']))"
        ".groupby('household_id')\n"
        "    return pd.DataFrame({'household_size': g.size(), 'over_75s': g['o'].sum(), "
        "'any_disability': g['d'].max()}).astype(int).reset_index()",
        "import pandas as pd\n\n"
        "def household_features(residents):\n"
        "    # > 75 leaves out people aged exactly 75\n"
        "    people = residents.drop_duplicates('person_id')\n"
        "    age = pd.to_numeric(people['age'])\n"
        "    g = people.assign(o=(age > 75).astype(int), d=pd.to_numeric(people['disability'])).groupby('household_id')\n"
        "    return pd.DataFrame({'household_size': g.size(), 'over_75s': g['o'].sum(), "
        "'any_disability': g['d'].max()}).astype(int).reset_index()",
        "import pandas as pd\n\n"
        "def household_features(residents):\n"
        "    # counts disabled people instead of flagging the household\n"
        "    people = residents.drop_duplicates('person_id')\n"
        "    age = pd.to_numeric(people['age'])\n"
        "    g = people.assign(o=(age >= 75).astype(int), d=pd.to_numeric(people['disability'])).groupby('household_id')\n"
        "    return pd.DataFrame({'household_size': g.size(), 'over_75s': g['o'].sum(), "
        "'any_disability': g['d'].sum()}).astype(int).reset_index()",
    ],
    hints=[
        "Drop duplicate person_ids first, then group by household_id: size() for household_size, the sum of "
        "(age >= 75) for over_75s, the max of disability for any_disability.",
        "Ages and flags may arrive as text: pd.to_numeric first. Return the columns household_id, household_size, "
        "over_75s, any_disability, one row per household, sorted by household_id, as whole numbers.",
    ],
    starter="def household_features(residents):\n    ...  # household_id, household_size, over_75s, any_disability",
)

# --- q2: the baseline ---------------------------------------------------------------------------------------------

_TRAIN = pd.DataFrame({"age_band": ["18–49"] * 4 + ["75–84"] * 4 + ["85+"] * 2,
                       "care": [0, 0, 0, 1, 0, 1, 1, 0, 1, 1]})
_TEST = pd.DataFrame({"age_band": ["18–49", "85+", "75–84", "65–74", "18–49"], "care": [1, 0, 1, 0, 0]})

q2 = FunctionExercise(
    label="p4-q2",
    title="A baseline to beat",
    reference=service_demand.age_band_baseline,
    cases=[(_TRAIN, _TEST), (_TRAIN.iloc[:8], _TEST), (_TRAIN.iloc[4:], _TEST.iloc[::-1])],
    golden=[((_TRAIN, _TEST), pd.Series([0.25, 1.0, 0.5, 0.5, 0.25]))],
    wrong=[
        "def age_band_baseline(train, test, target='care'):\n"
        "    # takes the rates from the TEST set: its answers leak into the prediction\n"
        "    return test['age_band'].map(test.groupby('age_band')[target].mean())",
        "import pandas as pd\n\n"
        "def age_band_baseline(train, test, target='care'):\n"
        "    # everyone gets the overall rate: no age bands at all\n"
        "    return pd.Series(train[target].mean(), index=test.index)",
        "def age_band_baseline(train, test, target='care'):\n"
        "    # a band training never saw gets 0, not the overall rate\n"
        "    return test['age_band'].map(train.groupby('age_band')[target].mean()).fillna(0.0)",
    ],
    hints=[
        "Compute each age band's care rate on the TRAINING rows (groupby('age_band')['care'].mean()) and map it "
        "onto the test rows' age bands.",
        "A test band that training never saw gets the training set's overall rate, not 0 and not a rate taken from "
        "the test set: the test set's answers must never reach the prediction.",
    ],
    starter="def age_band_baseline(train, test, target='care'):\n    ...  # a Series of probabilities, one per test row",
)

# --- q3: demand per ward ------------------------------------------------------------------------------------------

_PREDICTIONS = pd.DataFrame({"ward": ["Riverside", "Old Town", "Riverside", "Old Town", "Riverside", "Kingsmead"],
                             "probability": [0.3, 0.05, 0.6, 0.45, 0.02, 0.2]})

q3 = FunctionExercise(
    label="p4-q3",
    title="Expected demand per ward",
    reference=service_demand.ward_demand,
    cases=[_PREDICTIONS, _PREDICTIONS.iloc[::-1], _PREDICTIONS.assign(probability=[0.1] * 6)],
    compare=series_with_index,
    golden=[(_PREDICTIONS, pd.Series([0.2, 0.5, 0.92], index=["Kingsmead", "Old Town", "Riverside"]))],
    wrong=[
        "def ward_demand(predictions, probability='probability', ward='ward'):\n"
        "    # counts the people above 0.5: almost nobody's chance is above a half\n"
        "    return (predictions[probability] >= 0.5).groupby(predictions[ward]).sum().astype(float)",
        "def ward_demand(predictions, probability='probability', ward='ward'):\n"
        "    # the mean probability: a rate, not a number of people\n"
        "    return predictions.groupby(ward)[probability].mean()",
        "def ward_demand(predictions, probability='probability', ward='ward'):\n"
        "    # wards in the order they first appear, not sorted by name\n"
        "    return predictions.groupby(ward, sort=False)[probability].sum()",
        "def ward_demand(predictions, probability='probability', ward='ward'):\n"
        "    # the right sums, but the ward names lost from the index\n"
        "    return predictions.groupby(ward)[probability].sum().reset_index(drop=True)",
    ],
    hints=[
        "Expected number = the sum of the probabilities: ten people at 10 % each is one person expected.",
        "predictions.groupby('ward', sort=True)['probability'].sum() — not a count of rows above 0.5, and not a mean.",
    ],
    starter="def ward_demand(predictions, probability='probability', ward='ward'):\n    ...  # a Series by ward",
)

# --- q4: what the model can say -----------------------------------------------------------------------------------

STATEMENTS = {
    "older": "Wards with more residents over 75 can expect more adult social care clients.",
    "ward_totals": "The model estimates how many care clients each ward has, if its population mix stays as it is.",
    "undercount": "Features and targets built from our own linkage make the demand estimate lower than the truth.",
    "causes": "Disability causes a need for adult social care, so the council should prevent disability.",
    "alone_protects": "Living alone lowers a person's need for care (its odds ratio is below 1).",
    "named_people": "The model tells us which named residents will need care next year.",
    "fair": "Linkage errors fall at random, so every group's demand is under-estimated by the same share.",
}
SUPPORTED = set(service_demand.SUPPORTED_STATEMENTS)

q4 = ChoiceExercise(
    label="p4-q4",
    title="What the model can and cannot say",
    reference=service_demand.supported_statements,
    validate=subset_of(SUPPORTED, SUPPORTED,
                       why="the model describes associations in this population and expected totals; it makes no "
                           "causal claims, no reliable predictions for named people, and linkage errors are not "
                           "random"),
    golden=[["older", "ward_totals", "undercount"], ["undercount", "older", "ward_totals"],
            ["Older", "ward_totals ", "UNDERCOUNT"]],  # case and spaces ignored
    wrong=[
        "from bootcamp.chapters.p4 import STATEMENTS\nsupported = sorted(STATEMENTS)  # every statement",
        "supported = ['older', 'ward_totals']  # misses that our own linkage pushes the estimate down",
        "supported = ['older', 'ward_totals', 'undercount', 'causes']  # an association read as a cause",
        "supported = ['older', 'ward_totals', 'undercount', 'alone_protects']  # an odds ratio read as an effect",
        "supported = ['older', 'ward_totals', 'undercount', 'fair']  # the errors are not random: see who is missed",
        "supported = 'older'  # one key as text, not a list",
    ],
    hints=[
        "Cross out every statement with 'causes', 'lowers' or 'prevent' in it: a model fitted to one snapshot shows "
        "associations, not effects.",
        "A probability of 0.2 for one person does not say whether *that person* will need care; and look at who "
        "the cascade missed before you call the errors random.",
    ],
    starter="supported = ...  # a list of keys of STATEMENTS",
)

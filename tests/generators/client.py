"""Uses the client openapi-python-client generates from openapi/openapi.json:
the form models must exist and read and write every kind of question as it
is on the wire. `scripts/generators` runs it against a freshly generated
client; it needs no server."""

from mus_api_client.api.forms import create_template, get_template, update_template
from mus_api_client.api.conversations import write_preparation
from mus_api_client.api.summary import write_summary
from mus_api_client.models import (
    MultipleChoiceQuestion,
    PageTemplate,
    Problem,
    ScaleQuestion,
    Section,
    SingleChoiceQuestion,
    Template,
    TemplateContent,
    TemplateUpdate,
    TextQuestion,
)

WIRE = {
    "name": "MUS 2027",
    "language": "da",
    "description": "",
    "sections": [
        {
            "title": "Trivsel",
            "questions": [
                {"kind": "text", "key": "a", "prompt": "Hvordan går det?", "answered_by": "both"},
                {
                    "kind": "scale",
                    "key": "b",
                    "prompt": "Trivsel",
                    "answered_by": "employee",
                    "required": True,
                    "labels": ["Dårligt", "", "", "", "Godt"],
                },
                {
                    "kind": "single_choice",
                    "key": "c",
                    "prompt": "Arbejdstid",
                    "answered_by": "employee",
                    "options": ["Ja", "Nej"],
                },
                {
                    "kind": "multiple_choice",
                    "key": "d",
                    "prompt": "Kurser",
                    "help": "Vælg gerne flere",
                    "answered_by": "manager",
                    "options": ["Excel", "Projektledelse"],
                },
            ],
        }
    ],
}

content = TemplateContent.from_dict(WIRE)
kinds = [type(question) for question in content.sections[0].questions]
assert kinds == [TextQuestion, ScaleQuestion, SingleChoiceQuestion, MultipleChoiceQuestion], kinds
assert isinstance(content.sections[0], Section)
assert content.to_dict() == WIRE, content.to_dict()

update = TemplateUpdate.from_dict({**WIRE, "version": 3})
assert update.version == 3 and update.to_dict()["sections"] == WIRE["sections"]

for module in (create_template, get_template, update_template, write_preparation, write_summary):
    assert callable(module.sync_detailed), module
for model in (Template, PageTemplate, Problem):
    assert hasattr(model, "from_dict"), model
print("the generated Python client reads and writes every kind of question")

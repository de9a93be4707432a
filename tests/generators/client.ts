// A walk through the MUS API with openapi-fetch and the types openapi-typescript
// generates from openapi/openapi.json. `scripts/generators` type-checks it
// with `tsc --noEmit --strict` against freshly generated types: if the spec
// stops describing these calls, this stops compiling. It is not run.
import createClient from "openapi-fetch";
import type { components, paths } from "./schema";

type Schemas = components["schemas"];
type Question = Schemas["Question"];
type Problem = Schemas["Problem"];

/// Signs in, lists the caller's conversations, reads the employee's
/// preparation of the first and writes it back with the version read, then
/// creates a form with a question of each kind. Returns the new form.
export async function walkThrough(
  baseUrl: string,
  email: string,
  password: string,
): Promise<Schemas["Template"]> {
  const api = createClient<paths>({ baseUrl });

  const signedIn = await api.POST("/api/v1/auth/login", {
    body: { email, password },
  });
  if (!signedIn.data) throw failure("sign in", signedIn.error);
  const token: string = signedIn.data.access_token;
  const headers = { Authorization: `Bearer ${token}` };

  const listed = await api.GET("/api/v1/conversations", { headers });
  if (!listed.data) throw failure("conversations", listed.error);
  const conversations: Schemas["Conversation"][] = listed.data;
  const first = conversations[0];
  if (!first) throw new Error("no conversation");

  const where = { path: { id: first.id, side: "employee" as const } };
  const read = await api.GET("/api/v1/conversations/{id}/preparations/{side}", {
    params: where,
    headers,
  });
  if (!read.data) throw failure("read preparation", read.error);
  const preparation: Schemas["Preparation"] = read.data;
  const answers: Record<string, Schemas["Answer"]> = {
    ...preparation.answers,
    wellbeing: 4,
    wishes: "Mere ansvar for planlægningen",
    courses: ["Projektledelse", "Excel"],
  };
  const written = await api.PUT("/api/v1/conversations/{id}/preparations/{side}", {
    params: where,
    headers,
    body: { version: preparation.version, answers },
  });
  if (!written.data) {
    // A stale version: the problem carries the preparation as it is now.
    const current = written.error?.current;
    if (current && "answers" in current && "side" in current) {
      const now: Schemas["Preparation"] = current;
      throw new Error(`edited meanwhile, now version ${now.version}`);
    }
    throw failure("write preparation", written.error);
  }
  const saved: number = written.data.version;

  const questions: Question[] = [
    {
      kind: "text",
      key: "wishes",
      prompt: "Hvad ønsker du dig af det kommende år?",
      answered_by: "employee",
      required: true,
    },
    {
      kind: "scale",
      key: "wellbeing",
      prompt: "Hvordan trives du?",
      help: "1 er dårligt, 5 er godt",
      answered_by: "both",
      labels: ["Dårligt", "", "", "", "Godt"],
    },
    {
      kind: "single_choice",
      key: "hours",
      prompt: "Passer din arbejdstid dig?",
      answered_by: "employee",
      options: ["Ja", "Nej"],
    },
    {
      kind: "multiple_choice",
      key: "courses",
      prompt: "Hvilke kurser vil du gerne tage?",
      answered_by: "both",
      options: ["Projektledelse", "Excel", "Konflikthåndtering"],
    },
  ];
  const content: Schemas["TemplateContent"] = {
    name: `MUS – version ${saved}`,
    language: "da",
    description: "",
    sections: [{ title: "Trivsel og udvikling", questions }],
  };
  const created = await api.POST("/api/v1/templates", { headers, body: content });
  if (!created.data) throw failure("create form", created.error);
  const template: Schemas["Template"] = created.data;
  for (const question of template.sections.flatMap((section) => section.questions)) {
    describe(question);
  }
  return template;
}

/// The union is told apart by `kind`, each with its own fields.
function describe(question: Question): string {
  switch (question.kind) {
    case "text":
      return question.prompt;
    case "scale":
      return `${question.prompt} (${question.labels.length} points)`;
    case "single_choice":
    case "multiple_choice":
      return `${question.prompt}: ${question.options.join(", ")}`;
  }
}

function failure(what: string, problem: Problem | undefined): Error {
  return new Error(`${what}: ${problem?.status} ${problem?.code} ${problem?.detail ?? ""}`);
}

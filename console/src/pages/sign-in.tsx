/** Sign-in with a DIS identity: user, password, domain (account) and project. */
import { useState } from "preact/hooks";
import { signIn, type Session } from "../session";
import { Field, Problem, useAction } from "../components/ui";

export function SignIn({ onSignedIn, last }: { onSignedIn: (s: Session) => void; last?: { user: string; domain: string; project: string } }) {
  const [user, setUser] = useState(last?.user ?? "");
  const [password, setPassword] = useState("");
  const [domain, setDomain] = useState(last?.domain ?? "");
  const [project, setProject] = useState(last?.project ?? "");
  const { run, error, busy } = useAction();
  const submit = (e: Event) => {
    e.preventDefault();
    void run(async () => onSignedIn(await signIn({ user, password, domain, project })));
  };
  return (
    <main class="sign-in">
      <h1>DIS console</h1>
      <form onSubmit={submit} aria-label="sign in">
        <Field label="User">
          <input name="user" autocomplete="username" required value={user} onInput={(e) => setUser(e.currentTarget.value)} />
        </Field>
        <Field label="Password">
          <input name="password" type="password" autocomplete="current-password" required value={password} onInput={(e) => setPassword(e.currentTarget.value)} />
        </Field>
        <Field label="Domain (account)">
          <input name="domain" required value={domain} onInput={(e) => setDomain(e.currentTarget.value)} />
        </Field>
        <Field label="Project">
          <input name="project" required value={project} onInput={(e) => setProject(e.currentTarget.value)} />
        </Field>
        <button type="submit" disabled={busy}>
          Sign in
        </button>
        <Problem error={error} />
      </form>
    </main>
  );
}

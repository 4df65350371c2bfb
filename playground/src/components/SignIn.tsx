import { Box, Button, ButtonGroup, Field, FieldLabel, FieldRow, PasswordInput, TextInput } from '@rocket.chat/fuselage'
import { useState } from 'react'
import { useApp } from '../client/context.js'
import { errorText } from '../client/sdk.js'
import { PERSONAS } from '../lib/personas.js'
import { login } from '../store/session.js'
import { clearToasts, toast } from '../store/toasts.js'

/** Sign in with one click as a persona (password = username), or with any username and password. */
export function SignIn() {
  const { client } = useApp()
  const [user, setUser] = useState('')
  const [password, setPassword] = useState('')
  const [busy, setBusy] = useState(false)
  const go = async (u: string, p: string) => {
    setBusy(true)
    try {
      await login(client, u, p)
      clearToasts()
    } catch (error) {
      toast(errorText(error))
    } finally {
      setBusy(false)
    }
  }
  return (
    <Box data-testid="signin" className="pg-signin" display="flex" flexDirection="column" alignItems="center" justifyContent="center" flexGrow={1} padding={24}>
      <Box is="h1" fontScale="h2" color="default" marginBlockEnd={8}>
        Sign in to the mock workspace
      </Box>
      <Box fontScale="p2" color="hint" marginBlockEnd={16}>
        Everything runs in this tab: Rocket.Chat's REST API, served by rocketchat-msw.
      </Box>
      <ButtonGroup style={{ marginBlockEnd: 24 }}>
        {PERSONAS.map((p) => (
          <Button key={p} data-testid={`persona-${p}`} disabled={busy} onClick={() => void go(p, p)}>
            {p}
          </Button>
        ))}
      </ButtonGroup>
      <Box
        is="form"
        width="100%"
        maxWidth={320}
        onSubmit={(e) => {
          e.preventDefault()
          void go(user, password)
        }}
      >
        <Field marginBlockEnd={8}>
          <FieldLabel htmlFor="signin-user">Username</FieldLabel>
          <FieldRow>
            <TextInput id="signin-user" data-testid="signin-user" value={user} onChange={(e) => setUser((e.target as HTMLInputElement).value)} />
          </FieldRow>
        </Field>
        <Field marginBlockEnd={16}>
          <FieldLabel htmlFor="signin-password">Password</FieldLabel>
          <FieldRow>
            <PasswordInput
              id="signin-password"
              data-testid="signin-password"
              value={password}
              onChange={(e) => setPassword((e.target as HTMLInputElement).value)}
            />
          </FieldRow>
        </Field>
        <Button primary type="submit" width="100%" disabled={busy || !user} data-testid="signin-submit">
          Sign in
        </Button>
      </Box>
    </Box>
  )
}

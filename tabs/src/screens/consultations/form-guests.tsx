/**
 * The people without a directory entry a booking invites with their own link: the patient,
 * relatives (who need the patient's consent) and others such as an interpreter. Each row has its own fields;
 * the server's messages are shown next to them through `issueFor(key)`.
 */
import { Button, Checkbox, Field, Input, Select, Subtitle2, Text, makeStyles, tokens } from '@fluentui/react-components';
import type { ConsultationTexts } from '../../i18n-consultations';

export interface RelativeRow {
  readonly key: number;
  readonly name: string;
  readonly phone: string;
  readonly email: string;
  readonly consent: boolean;
}
export interface OtherRow {
  readonly key: number;
  readonly role: 'interpreter' | 'other';
  readonly name: string;
  readonly phone: string;
  readonly email: string;
}

const useStyles = makeStyles({
  group: { border: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  legend: { padding: 0, marginBottom: tokens.spacingVerticalS },
  row: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalL, '& > *': { flex: '1 1 12rem' } },
  card: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
    padding: tokens.spacingHorizontalM,
    borderLeft: `${tokens.strokeWidthThicker} solid ${tokens.colorNeutralStroke1}`,
  },
});

type Rows<T> = (f: (rows: readonly T[]) => readonly T[]) => void;

interface GuestRowsProps<T> {
  readonly texts: ConsultationTexts;
  readonly rows: readonly T[];
  readonly setRows: Rows<T>;
  readonly onAdd: () => void;
  /** The server's message for a field key such as `relative.3.name`. */
  readonly issueFor: (key: string) => string | undefined;
}

const validation = (message: string | undefined) => (message ? { validationMessage: message, validationState: 'error' as const } : {});

/** Name, mobile and e-mail of one guest row. */
function ContactFields(props: {
  readonly texts: ConsultationTexts;
  readonly prefix: string;
  readonly row: { readonly name: string; readonly phone: string; readonly email: string };
  readonly update: (patch: { name?: string; phone?: string; email?: string }) => void;
  readonly issueFor: (key: string) => string | undefined;
  readonly withName: boolean;
}) {
  const styles = useStyles();
  const t = props.texts;
  return (
    <>
      {props.withName && (
        <Field label={t.form.name} required {...validation(props.issueFor(`${props.prefix}.name`))}>
          <Input value={props.row.name} onChange={(_e, d) => props.update({ name: d.value })} autoComplete="off" />
        </Field>
      )}
      <div className={styles.row}>
        <Field label={t.form.phone} {...validation(props.issueFor(`${props.prefix}.phone`))}>
          <Input type="tel" value={props.row.phone} onChange={(_e, d) => props.update({ phone: d.value })} autoComplete="off" />
        </Field>
        <Field label={t.form.email} {...validation(props.issueFor(`${props.prefix}.email`))}>
          <Input type="email" value={props.row.email} onChange={(_e, d) => props.update({ email: d.value })} autoComplete="off" />
        </Field>
      </div>
    </>
  );
}

export function RelativesFieldset({ texts: t, rows, setRows, onAdd, issueFor }: GuestRowsProps<RelativeRow>) {
  const styles = useStyles();
  return (
    <fieldset className={styles.group}>
      <legend className={styles.legend}>
        <Subtitle2>{t.form.relatives}</Subtitle2>
      </legend>
      {rows.map((r, i) => {
        const update = (patch: Partial<RelativeRow>) => setRows((all) => all.map((x) => (x.key === r.key ? { ...x, ...patch } : x)));
        const k = `relative.${r.key}`;
        return (
          <div key={r.key} className={styles.card} role="group" aria-label={t.form.relative(i + 1)}>
            <Text weight="semibold">{t.form.relative(i + 1)}</Text>
            <ContactFields texts={t} prefix={k} row={r} update={update} issueFor={issueFor} withName />
            <Field {...validation(issueFor(`${k}.consentedByPatient`))}>
              <Checkbox checked={r.consent} onChange={(_e, d) => update({ consent: d.checked === true })} label={t.form.consent} />
            </Field>
            <div>
              <Button appearance="subtle" onClick={() => setRows((all) => all.filter((x) => x.key !== r.key))}>
                {t.form.remove}
              </Button>
            </div>
          </div>
        );
      })}
      <div>
        <Button onClick={onAdd}>{t.form.addRelative}</Button>
      </div>
    </fieldset>
  );
}

export function OthersFieldset({ texts: t, rows, setRows, onAdd, issueFor }: GuestRowsProps<OtherRow>) {
  const styles = useStyles();
  return (
    <fieldset className={styles.group}>
      <legend className={styles.legend}>
        <Subtitle2>{t.form.others}</Subtitle2>
      </legend>
      {rows.map((o, i) => {
        const update = (patch: Partial<OtherRow>) => setRows((all) => all.map((x) => (x.key === o.key ? { ...x, ...patch } : x)));
        const k = `other.${o.key}`;
        return (
          <div key={o.key} className={styles.card} role="group" aria-label={t.form.other(i + 1)}>
            <Text weight="semibold">{t.form.other(i + 1)}</Text>
            <div className={styles.row}>
              <Field label={t.form.otherRole}>
                <Select value={o.role} onChange={(_e, d) => update({ role: d.value === 'interpreter' ? 'interpreter' : 'other' })}>
                  <option value="interpreter">{t.roles.interpreter}</option>
                  <option value="other">{t.roles.other}</option>
                </Select>
              </Field>
              <Field label={t.form.name} required {...validation(issueFor(`${k}.name`))}>
                <Input value={o.name} onChange={(_e, d) => update({ name: d.value })} autoComplete="off" />
              </Field>
            </div>
            <ContactFields texts={t} prefix={k} row={o} update={update} issueFor={issueFor} withName={false} />
            <div>
              <Button appearance="subtle" onClick={() => setRows((all) => all.filter((x) => x.key !== o.key))}>
                {t.form.remove}
              </Button>
            </div>
          </div>
        );
      })}
      <div>
        <Button onClick={onAdd}>{t.form.addOther}</Button>
      </div>
    </fieldset>
  );
}

export interface PatientInputs {
  readonly name: string;
  readonly phone: string;
  readonly email: string;
  readonly nationalId: string;
}

/** The patient: fixed once booked (`fixedName`), else name, contact, national id and whether they take part. */
export function PatientFieldset(props: {
  readonly texts: ConsultationTexts;
  readonly fixedName: string | undefined;
  readonly patient: PatientInputs;
  readonly setPatient: (patient: PatientInputs) => void;
  readonly joins: boolean;
  readonly setJoins: (joins: boolean) => void;
  readonly issueFor: (key: string) => string | undefined;
}) {
  const styles = useStyles();
  const t = props.texts;
  const { patient, setPatient, issueFor } = props;
  return (
    <fieldset className={styles.group}>
      <legend className={styles.legend}>
        <Subtitle2>{t.form.patient}</Subtitle2>
      </legend>
      {props.fixedName !== undefined ? (
        <Text>
          {props.fixedName}. {t.form.patientFixed}
        </Text>
      ) : (
        <>
          <Field label={t.form.patientName} required {...validation(issueFor('patient.name'))}>
            <Input value={patient.name} onChange={(_e, d) => setPatient({ ...patient, name: d.value })} autoComplete="off" />
          </Field>
          <div className={styles.row}>
            <Field label={t.form.patientPhone} {...validation(issueFor('patient.phone'))}>
              <Input type="tel" value={patient.phone} onChange={(_e, d) => setPatient({ ...patient, phone: d.value })} autoComplete="off" />
            </Field>
            <Field label={t.form.patientEmail} {...validation(issueFor('patient.email'))}>
              <Input type="email" value={patient.email} onChange={(_e, d) => setPatient({ ...patient, email: d.value })} autoComplete="off" />
            </Field>
          </div>
          <Field label={t.form.patientNationalId} {...validation(issueFor('patient.nationalId'))}>
            <Input value={patient.nationalId} inputMode="numeric" onChange={(_e, d) => setPatient({ ...patient, nationalId: d.value })} autoComplete="off" />
          </Field>
          <Checkbox checked={props.joins} onChange={(_e, d) => props.setJoins(d.checked === true)} label={t.form.patientJoins} />
        </>
      )}
    </fieldset>
  );
}

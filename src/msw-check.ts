// A namespace import never fails to link, whatever msw exports, so an old msw reaches the check below.
import * as msw from 'msw'
import { checkMsw } from './requirements.js'

checkMsw(msw)

import {BlockquoteIcon} from '@sanity/icons'
import {defineField, defineType} from 'sanity'
import {isUniqueSlugPerType} from '../lib/validation'
import {topicsField} from './fields'

export const quote = defineType({
  name: 'quote',
  title: 'Quote',
  type: 'document',
  icon: BlockquoteIcon,
  fields: [
    defineField({
      name: 'text',
      title: 'Quoted text',
      type: 'text',
      rows: 4,
      validation: (rule) => rule.required().error('The quoted text is required'),
    }),
    defineField({
      name: 'slug',
      type: 'slug',
      options: {
        source: (doc) => `${doc.speakerName ?? ''} ${String(doc.text ?? '').slice(0, 48)}`,
        maxLength: 96,
        isUnique: isUniqueSlugPerType,
      },
      validation: (rule) => rule.required(),
    }),
    defineField({
      name: 'speakerName',
      title: 'Speaker',
      type: 'string',
      validation: (rule) => rule.required().error('Who said it? The speaker is required'),
    }),
    defineField({name: 'speakerRole', title: 'Speaker role', type: 'string'}),
    defineField({name: 'organization', type: 'string'}),
    defineField({name: 'source', type: 'quoteSource'}),
    defineField({name: 'date', type: 'date'}),
    topicsField(),
  ],
  preview: {
    select: {title: 'text', speaker: 'speakerName', org: 'organization'},
    prepare: ({title, speaker, org}) => ({
      title: title ? `“${title}”` : 'Quote without text',
      subtitle: [speaker ?? 'No speaker', org].filter(Boolean).join(', '),
    }),
  },
})
